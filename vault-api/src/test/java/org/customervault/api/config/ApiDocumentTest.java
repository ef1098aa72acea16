package org.customervault.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.AGENT;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.customervault.api.support.RunningVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document as a developer reads it and a generator turns it into a client. */
class ApiDocumentTest {

    private static final Set<String> TAGS = Set.of("Customers", "Compliance", "Erasure", "Notices", "Administration");
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    @TempDir
    static Path dataDir;
    private static RunningVault vault;
    private static JsonNode document;

    @BeforeAll
    static void start() {
        vault = RunningVault.start(dataDir, Map.of("vault.api.public-url", "https://vault.example.com"));
        document = vault.get(AGENT, "/v3/api-docs").json();
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void everyOperationHasAUniqueIdASummaryADescriptionAndOneTagByResource() {
        Set<String> ids = new HashSet<>();
        operations().forEach((name, operation) -> {
            assertThat(operation.path("operationId").asText()).as(name).matches("[a-z][A-Za-z]+");
            assertThat(ids.add(operation.get("operationId").asText())).as(name + " has a unique id").isTrue();
            assertThat(operation.path("summary").asText()).as(name).isNotBlank();
            assertThat(operation.path("description").asText()).as(name).contains("Role");
            assertThat(operation.get("tags")).as(name).hasSize(1);
            assertThat(operation.get("tags").get(0).asText()).as(name).isIn(TAGS);
        });
    }

    @Test
    void eachOperationListsTheErrorsItCanAnswerWith() {
        Map<String, JsonNode> operations = operations();
        assertThat(statuses(operations.get("GET /api/v1/compliance/signing-key")))
                .contains("400", "401", "403").doesNotContain("404", "409", "410", "413", "415");
        assertThat(statuses(operations.get("PATCH /api/v1/customers/{id}")))
                .contains("400", "401", "403", "404", "409", "410", "413", "415", "503");
        assertThat(statuses(operations.get("GET /api/v1/customers/{id}")))
                .contains("404", "410", "503").doesNotContain("409", "413", "415");
        assertThat(statuses(operations.get("POST /api/v1/customers"))).contains("413", "415").doesNotContain("404", "410");
        assertThat(operations.get("GET /api/v1/customers").at("/responses/429/headers/Retry-After").isMissingNode()).isFalse();
        assertThat(operations.get("POST /api/v1/customers").at("/responses/201/headers/Location").isMissingNode()).isFalse();
        assertThat(operations.get("GET /api/v1/customers").at("/responses/400/content")
                .has("application/problem+json")).isTrue();
    }

    /**
     * A 200 holds the view with the change; a 202 the view as it is, or what was stored when the read models have
     * not written the customer yet: a generated client parses either.
     */
    @Test
    void theWritesThatAnswerWithTheViewDeclareWhatTheir202Holds() {
        Map<String, JsonNode> operations = operations();
        for (String write : List.of("PATCH /api/v1/customers/{id}", "PUT /api/v1/customers/{id}/consents/{purpose}",
                "PUT /api/v1/customers/{id}/objections/{purpose}", "PUT /api/v1/customers/{id}/restriction",
                "PUT /api/v1/customers/{id}/legal-hold")) {
            JsonNode responses = operations.get(write).get("responses");
            assertThat(responses.at("/200/content/application~1json/schema/$ref").asText()).as(write)
                    .endsWith("/CustomerResponse");
            assertThat(responses.at("/202/content/application~1json/schema/$ref").asText()).as(write)
                    .endsWith("/ChangeAnswer");
        }
        assertThat(document.at("/components/schemas/ChangeAnswer/oneOf").findValuesAsText("$ref"))
                .containsExactlyInAnyOrder("#/components/schemas/CustomerResponse", "#/components/schemas/ChangeStoredResponse");
        assertThat(document.at("/components/schemas/ChangeStoredResponse/required").toString())
                .contains("id").contains("version");
    }

    @Test
    void theListsAnsweredAsArraysDeclareTheirHeaders() {
        for (String list : List.of("GET /api/v1/compliance/access-log", "GET /api/v1/compliance/erasures")) {
            JsonNode headers = operations().get(list).at("/responses/200/headers");
            assertThat(headers.has("X-Total-Count")).as(list).isTrue();
            assertThat(headers.has("X-Total-Capped")).as(list).isTrue();
            assertThat(headers.has("X-Next-Cursor")).as(list).isTrue();
            assertThat(headers.has("Link")).as(list).isTrue();
        }
        for (JsonNode parameter : operations().get("GET /api/v1/customers").get("parameters")) {
            if (List.of("page", "size").contains(parameter.get("name").asText())) {
                assertThat(parameter.at("/schema/type").asText()).as(parameter.get("name").asText()).isEqualTo("integer");
            }
        }
    }

    @Test
    void thePurposeHeaderSaysWhatItIsFor() {
        JsonNode purpose = null;
        for (JsonNode parameter : operations().get("GET /api/v1/customers/{id}").get("parameters")) {
            if (parameter.get("name").asText().equals("Purpose")) {
                purpose = parameter;
            }
        }
        assertThat(purpose).isNotNull();
        assertThat(purpose.get("in").asText()).isEqualTo("header");
        assertThat(purpose.get("description").asText()).contains("access log");
        assertThat(purpose.at("/schema/maxLength").asInt()).isEqualTo(100);
    }

    @Test
    void leavesTheWebConsoleOut() {
        document.get("paths").fieldNames().forEachRemaining(path -> assertThat(path).startsWith("/api/"));
    }

    @Test
    void namesTheConfiguredPublicUrlAsItsServer() {
        assertThat(document.at("/servers/0/url").asText()).isEqualTo("https://vault.example.com");
        assertThat(document.get("servers")).hasSize(1);
    }

    @Test
    void servesSwaggerUiFromItsOwnFilesToSignedInUsers() {
        RunningVault.Response page = vault.get(AGENT, "/swagger-ui/index.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).as("no script, style or image from another host")
                .doesNotContainPattern("(src|href)=\"(https?:)?//");
        String initializer = vault.get(AGENT, "/swagger-ui/swagger-initializer.js").body();
        assertThat(initializer).doesNotContain("petstore").doesNotContainPattern("https?://");
        JsonNode config = vault.get(AGENT, "/v3/api-docs/swagger-config").json();
        assertThat(config.get("url").asText()).isEqualTo("/v3/api-docs");
        assertThat(config.path("validatorUrl").asText()).as("no validator badge fetched from a third party")
                .isIn("", "none");
        assertThat(vault.send(null, "GET", "/swagger-ui/index.html", null, null).status()).isEqualTo(401);
    }

    private static Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new java.util.TreeMap<>();
        document.get("paths").properties().forEach(path -> METHODS.forEach(method -> {
            if (path.getValue().has(method)) {
                operations.put(method.toUpperCase() + " " + path.getKey(), path.getValue().get(method));
            }
        }));
        return operations;
    }

    private static List<String> statuses(JsonNode operation) {
        List<String> statuses = new ArrayList<>();
        operation.get("responses").fieldNames().forEachRemaining(statuses::add);
        return statuses;
    }
}
