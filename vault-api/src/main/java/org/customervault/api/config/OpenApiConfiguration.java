package org.customervault.api.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/**
 * The OpenAPI document at {@code /v3/api-docs}: HTTP Basic or a bearer token (an API token or an
 * OpenID Connect JWT) on every operation, the server clients should call, and for each operation
 * the errors it can answer with, as RFC 9457 problems.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    private static final String BASIC = "basic";
    private static final String BEARER = "bearer";
    private static final String PROBLEM = "Problem";
    private static final String CUSTOMERS = "/api/v1/customers";
    private static final String COMPLIANCE_CUSTOMERS = "/api/v1/compliance/customers";
    private static final String KEYS = "/api/v1/admin/keys";
    private static final String SUBJECT_REQUESTS = "/api/v1/compliance/requests";
    private static final String TOKENS = "/api/v1/admin/tokens";
    private static final String USERS = "/api/v1/admin/users";
    private static final String NOTICES = "/api/v1/compliance/notices";
    private static final Set<PathItem.HttpMethod> WRITES = Set.of(PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT,
            PathItem.HttpMethod.PATCH);

    /** What any operation may answer: a malformed request, no or wrong credentials, another role or origin. */
    private static final Map<String, String> ANY_OPERATION = Map.of(
            "400", "Invalid or malformed input (fields, parameters, or a query parameter the operation does not take);"
                    + " nothing was stored",
            "401", "Missing or wrong credentials (or a revoked or expired token)",
            "403", "The caller's role does not allow this operation, or the request comes from a web origin that is not"
                    + " allowed",
            "406", "Only JSON can be produced",
            "429", "Too many searches by this user, or too many failed sign-ins for this user name or from this address"
                    + " (then even the right password is refused); Retry-After says how many seconds to wait");
    private static final Map<String, String> WITH_AN_ID = Map.of(
            "404", "Nothing with this id");
    private static final Map<String, String> OF_A_CUSTOMER = Map.of(
            "410", "The customer was erased",
            "503", "The key store cannot be reached, or the read cannot be recorded in the access log; nothing was"
                    + " stored or returned");
    private static final Map<String, String> CHANGING_A_CUSTOMER = Map.of(
            "409", "Conflicts with the customer's state (restricted processing, a legal hold, a duplicate order) or with a change"
                    + " stored at the same moment; nothing was stored",
            "412", "If-Match names a version the customer is no longer at; nothing was stored",
            "428", "If-Match is required by this vault (vault.api.require-if-match) and was not sent");
    private static final Map<String, String> CHANGING_ACCESS = Map.of(
            "409", "A token name that was used before, or the name of a configured user; nothing was stored");
    private static final Map<String, String> STEPPING_A_REQUEST = Map.of(
            "409", "A step the request's status does not allow (verify, start, answer, refuse in that order), a second"
                    + " extension, or one the jurisdiction's law does not allow; nothing was stored");
    private static final Map<String, String> SEALING_A_REQUEST = Map.of(
            "410", "The customer the request names was erased: a requester, notes or a reason cannot be sealed under"
                    + " the customer's key any more; record the request without them (an answer needs none)",
            "503", "The key store cannot be reached; nothing was stored");
    private static final Map<String, String> CHANGING_A_NOTICE = Map.of(
            "409", "The version is registered with another text or language; register the text under a new version");
    private static final String KEY_IN_USE = "the request with this Idempotency-Key is still running (Retry-After), or"
            + " its answer is not kept to be shown again";
    private static final Map<String, String> WITH_A_BODY = Map.of(
            "413", "Request body over 64 KiB",
            "415", "Only JSON is accepted: a request that changes data declares Content-Type: application/json,"
                    + " also without a body");

    @Bean
    OpenAPI vaultOpenApi(ApiDocumentSettings settings) {
        OpenAPI document = new OpenAPI()
                .info(new Info().title("Customer-data vault").version("1")
                        .description("Customers' personal data under per-customer keys, for CRM front-ends and compliance."
                                + " Every error is an RFC 9457 problem (application/problem+json) that never echoes a"
                                + " value sent; lists page by cursor; reads of personal data take an optional Purpose"
                                + " header, recorded in the access log."))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API token issued by ADMIN (cvt_...) or a JWT of the configured"
                                        + " OpenID Connect issuer")))
                // two requirements: either one will do
                .addSecurityItem(new SecurityRequirement().addList(BASIC))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
        if (settings.publicUrl() != null) {
            document.servers(List.of(new Server().url(settings.publicUrl().toString())));
        }
        return document;
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                    errorsOf(path, method).forEach((status, description) -> operation.getResponses().putIfAbsent(status,
                            errorResponse(status, description)))));
        };
    }

    /** Every 201 says where what it created is. */
    @Bean
    OpenApiCustomizer createdLocations() {
        return openApi -> openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            ApiResponse created = operation.getResponses().get("201");
            if (created != null) {
                created.addHeaderObject(HttpHeaders.LOCATION, new Header()
                        .description("The path of what was created").schema(new StringSchema()));
            }
        }));
    }

    /** The errors an operation can answer with, from what it is: what it is about, and whether it changes anything. */
    private static Map<String, String> errorsOf(String path, PathItem.HttpMethod method) {
        Map<String, String> errors = new TreeMap<>(ANY_OPERATION);
        boolean ofACustomer = path.startsWith(CUSTOMERS + "/{") || path.startsWith(COMPLIANCE_CUSTOMERS + "/{");
        if (path.contains("{")) {
            errors.putAll(WITH_AN_ID);
        }
        if (ofACustomer) {
            errors.putAll(OF_A_CUSTOMER);
        }
        if (path.startsWith(CUSTOMERS) || path.startsWith(KEYS)) {
            errors.put("503", OF_A_CUSTOMER.get("503"));
        }
        if (ofACustomer && method != PathItem.HttpMethod.GET) {
            errors.putAll(CHANGING_A_CUSTOMER);
        }
        if ((path.startsWith(TOKENS) || path.startsWith(USERS)) && method != PathItem.HttpMethod.GET) {
            errors.putAll(CHANGING_ACCESS);
        }
        if (path.startsWith(SUBJECT_REQUESTS)) {
            // sealing the requester's values and reasons, and reading them back, needs the subject's key
            errors.put("503", SEALING_A_REQUEST.get("503"));
            if (method == PathItem.HttpMethod.POST) {
                errors.put("410", SEALING_A_REQUEST.get("410"));
                if (path.contains("{")) {
                    errors.putAll(STEPPING_A_REQUEST);
                }
            }
        }
        if (path.startsWith(NOTICES) && method != PathItem.HttpMethod.GET) {
            errors.putAll(CHANGING_A_NOTICE);
        }
        if (WRITES.contains(method)) {
            errors.putAll(WITH_A_BODY);
        }
        if (method == PathItem.HttpMethod.POST) {
            errors.merge("409", KEY_IN_USE, (conflict, keyInUse) -> conflict + "; or " + keyInUse);
        }
        return errors;
    }

    private static ApiResponse errorResponse(String status, String description) {
        ApiResponse response = new ApiResponse().description(description).content(new Content().addMediaType(
                "application/problem+json", new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
        if (status.equals("429")) {
            response.addHeaderObject("Retry-After", new Header().description("Seconds to wait before trying again")
                    .schema(new IntegerSchema()));
        }
        return response;
    }

    private static Schema<?> problemSchema() {
        ObjectSchema violation = new ObjectSchema();
        violation.addProperty("field", new StringSchema());
        violation.addProperty("message", new StringSchema());
        ObjectSchema problem = new ObjectSchema();
        problem.addProperty("type", new StringSchema());
        problem.addProperty("title", new StringSchema());
        problem.addProperty("status", new IntegerSchema());
        problem.addProperty("detail", new StringSchema());
        problem.addProperty("instance", new StringSchema());
        problem.addProperty("errors", new ArraySchema().items(violation));
        problem.addProperty("incident", new StringSchema()
                .description("On a 500: the id under which the failure is in the vault's log"));
        problem.setRequired(List.of("type", "title", "status"));
        return problem;
    }
}
