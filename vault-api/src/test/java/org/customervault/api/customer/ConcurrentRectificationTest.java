package org.customervault.api.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.customervault.api.problem.ProblemTypes;
import org.customervault.api.support.LogCapture;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent writers of one customer lose nothing: a write that names the version it read
 * ({@code If-Match}) is stored only if the customer is still at it, checked under the customer's
 * lock; patches of different members of the address are merged by the customer itself, so neither
 * undoes the other.
 */
class ConcurrentRectificationTest {

    private static final String CUSTOMERS = "/api/v1/customers/";
    private static final String REGISTRATION = """
            {"fullName": "Rita Concurrente", "email": "rita@example.com",
             "address": {"line1": "Calle 1", "city": "Córdoba", "country": "AR"},
             "preferences": {"language": "es-AR", "channels": ["EMAIL"]}}""";
    private static final int ROUNDS = 8;
    private static final AtomicInteger ORDERS = new AtomicInteger();

    @TempDir
    static Path dataDir;

    private static RunningVault vault;
    private static LogCapture log;
    private static ExecutorService clients;

    @BeforeAll
    static void start() {
        vault = RunningVault.start(dataDir);
        vault.registerNotice("2026-01");
        log = LogCapture.attach();
        clients = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        clients.shutdownNow();
        log.close();
        vault.close();
    }

    @Test
    void ofTwoPatchesWithTheSameIfMatchOneIsStoredAndTheOther412() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = registered();
            String etag = vault.get(AGENT, CUSTOMERS + id).header("ETag");
            assertThat(etag).isEqualTo("\"0\"");

            List<Response> answers = concurrently(
                    () -> patch(id, "{\"email\": \"first@example.com\"}", etag),
                    () -> patch(id, "{\"email\": \"second@example.com\"}", etag));

            assertThat(answers).extracting(Response::status).containsExactlyInAnyOrder(200, 412);
            Response won = answers.stream().filter(answer -> answer.status() == 200).findFirst().orElseThrow();
            Response lost = answers.stream().filter(answer -> answer.status() == 412).findFirst().orElseThrow();
            assertThat(won.header("ETag")).isEqualTo("\"1\"");
            assertThat(lost.contentType()).startsWith("application/problem+json");
            assertThat(lost.json().get("type").asText()).isEqualTo(ProblemTypes.PRECONDITION_FAILED);
            assertThat(lost.json().get("status").asInt()).isEqualTo(412);
            assertThat(lastSequenceNumber(id)).as("one event stored, the winner's").isEqualTo(1);
            Response shown = vault.get(AGENT, CUSTOMERS + id);
            assertThat(shown.json().get("email").asText()).isEqualTo(won.json().get("email").asText());
            assertThat(shown.header("ETag")).isEqualTo(won.header("ETag"));
        }
    }

    @Test
    void twoPatchesOfDifferentMembersOfTheAddressBothSurvive() throws Exception {
        String id = registered();
        for (int round = 0; round < ROUNDS; round++) {
            String line1 = "Calle " + round;
            String city = "Ciudad " + round;
            List<Response> answers = concurrently(
                    () -> patch(id, "{\"address\": {\"line1\": \"" + line1 + "\"}}", null),
                    () -> patch(id, "{\"address\": {\"city\": \"" + city + "\"}, "
                            + "\"preferences\": {\"channels\": [\"SMS\", \"EMAIL\"]}}", null));
            assertThat(answers).extracting(Response::status).containsOnly(200);

            long last = lastSequenceNumber(id);
            JsonNode caughtUp = await().atMost(Duration.ofSeconds(30)).until(() -> vault.get(AGENT, CUSTOMERS + id),
                    shown -> ("\"" + last + "\"").equals(shown.header("ETag"))).json();
            assertThat(caughtUp.at("/address/line1").asText()).as("round %d", round).isEqualTo(line1);
            assertThat(caughtUp.at("/address/city").asText()).as("round %d", round).isEqualTo(city);
            assertThat(caughtUp.at("/address/country").asText()).isEqualTo("AR");
            assertThat(caughtUp.at("/preferences/language").asText()).isEqualTo("es-AR");
        }
    }

    @Test
    void aStaleIfMatchIsRefusedOnEveryWriteAndStoresNothing() {
        String id = registered();
        assertThat(patch(id, "{\"email\": \"moved@example.com\"}", "\"0\"").status()).isEqualTo(200);
        Map<String, Function<String, Response>> writes = writes(id);
        for (String stale : List.of("\"0\"", "\"7\"", "W/\"1\"", "\"one\"")) {
            writes.forEach((write, send) -> {
                log.clear();
                Response refused = send.apply(stale);
                assertThat(refused.status()).as("%s with If-Match %s", write, stale).isEqualTo(412);
                assertThat(refused.json().get("type").asText()).isEqualTo(ProblemTypes.PRECONDITION_FAILED);
                assertThat(lastSequenceNumber(id)).as("%s with If-Match %s", write, stale).isEqualTo(1);
                log.assertQuiet(write + " with a stale If-Match", "Caracas", "stale call", "A-stale");
            });
        }
        // the refused writes were applied to the customer in memory before the check refused them; none of it stays
        Response current = patch(id, "{\"phone\": \"+5491100000000\"}", "\"1\"");
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.header("ETag")).isEqualTo("\"2\"");
        assertThat(current.json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(current.json().get("consents")).isEmpty();
        assertThat(current.json().get("purchaseCount").asLong()).isZero();
        assertThat(current.json().at("/address/city").asText()).isEqualTo("Córdoba");
    }

    @Test
    void theApiDocumentDescribesVersionsWhereTheyAreTaken() {
        JsonNode document = vault.get(AGENT, "/v3/api-docs").json();
        JsonNode rectify = document.at("/paths/~1api~1v1~1customers~1{id}/patch");
        assertThat(rectify.get("parameters").findValuesAsText("name")).contains("If-Match");
        assertThat(rectify.at("/responses/412/content").has("application/problem+json")).isTrue();
        assertThat(rectify.at("/responses/200/headers").has("ETag")).isTrue();
        JsonNode view = document.at("/paths/~1api~1v1~1customers~1{id}/get");
        assertThat(view.get("parameters").findValuesAsText("name")).contains("If-None-Match");
        assertThat(view.at("/responses/304/headers").has("ETag")).isTrue();
    }

    @Test
    void everyWriteAnswersWithTheVersionItLeftAndTheViewShowsIt() {
        Response created = vault.post(AGENT, "/api/v1/customers", REGISTRATION);
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        String id = created.json().get("id").asText();

        String etag = vault.get(AGENT, CUSTOMERS + id).header("ETag");
        for (Map.Entry<String, Function<String, Response>> write : writes(id).entrySet()) {
            Response written = write.getValue().apply(etag);
            assertThat(written.status()).as(write.getKey()).isIn(200, 201);
            long version = Long.parseLong(etag.replace("\"", "")) + 1;
            assertThat(written.header("ETag")).as(write.getKey()).isEqualTo("\"" + version + "\"");
            // a 200 or 201 waited for the view to reach the write
            Response shown = vault.get(AGENT, CUSTOMERS + id);
            assertThat(shown.header("ETag")).as(write.getKey()).isEqualTo(written.header("ETag"));
            etag = written.header("ETag");
        }
        assertThat(patch(id, "{\"phone\": \"+5491100000000\"}", "*").header("ETag")).isEqualTo("\"6\"");

        Response unchanged = vault.send(AGENT, "GET", CUSTOMERS + id, null, null,
                Map.of("If-None-Match", "\"5\", \"6\""));
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(unchanged.header("ETag")).isEqualTo("\"6\"");
        assertThat(vault.send(AGENT, "GET", CUSTOMERS + id, null, null, Map.of("If-None-Match", "\"5\"")).status())
                .isEqualTo(200);
    }

    @Test
    void aMalformedIfMatchIs400AndStoresNothing() {
        String id = registered();
        for (String malformed : List.of("7", "\"7", "\"0\", \"1\"", "W/7", "\"0\" x")) {
            Response refused = vault.send(AGENT, "PATCH", CUSTOMERS + id, "{\"email\": \"x@example.com\"}"
                    .getBytes(StandardCharsets.UTF_8), CustomerController.MERGE_PATCH_JSON, Map.of("If-Match", malformed));
            assertThat(refused.status()).as("If-Match %s", malformed).isEqualTo(400);
            assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("If-Match");
        }
        assertThat(vault.send(AGENT, "GET", CUSTOMERS + id, null, null, Map.of("If-None-Match", "0")).status())
                .isEqualTo(400);
        assertThat(lastSequenceNumber(id)).isZero();
    }

    @Test
    void anIfMatchForAnUnknownCustomerIs404() {
        assertThat(patch("0b6f3c3e-52a4-4d7e-9f4c-2f1f0c7a9a11", "{\"email\": null}", "*").status()).isEqualTo(404);
        assertThat(patch("0b6f3c3e-52a4-4d7e-9f4c-2f1f0c7a9a11", "{\"email\": null}", "\"0\"").status())
                .isEqualTo(404);
    }

    /** Each write endpoint of a customer, sent with the If-Match given; each changes the customer when it matches. */
    private static Map<String, Function<String, Response>> writes(String id) {
        Map<String, Function<String, Response>> writes = new LinkedHashMap<>();
        writes.put("PATCH", ifMatch -> patch(id, "{\"address\": {\"city\": \"Caracas\"}}", ifMatch));
        writes.put("PUT consent", ifMatch -> send(AGENT, "PUT", CUSTOMERS + id + "/consents/newsletter",
                "{\"granted\": true, \"noticeVersion\": \"2026-01\"}", ifMatch));
        writes.put("POST interaction", ifMatch -> send(AGENT, "POST", CUSTOMERS + id + "/interactions",
                "{\"channel\": \"PHONE\", \"summary\": \"stale call\", \"occurredAt\": \"2026-01-05T10:00:00Z\"}",
                ifMatch));
        writes.put("POST purchase", ifMatch -> send(AGENT, "POST", CUSTOMERS + id + "/purchases",
                "{\"orderRef\": \"A-stale-" + ORDERS.incrementAndGet() + "\", \"amount\": \"1.00\", \"currency\": \"USD\","
                        + " \"occurredAt\": \"2026-01-06T10:00:00Z\"}", ifMatch));
        writes.put("PUT restriction", ifMatch -> send(COMPLIANCE, "PUT", CUSTOMERS + id + "/restriction",
                "{\"restricted\": true, \"reason\": \"disputes the address\"}", ifMatch));
        return writes;
    }

    private static String registered() {
        Response created = vault.post(AGENT, "/api/v1/customers", REGISTRATION);
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static Response patch(String id, String body, String ifMatch) {
        return vault.send(AGENT, "PATCH", CUSTOMERS + id, body.getBytes(StandardCharsets.UTF_8),
                CustomerController.MERGE_PATCH_JSON, ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
    }

    private static Response send(String user, String method, String path, String body, String ifMatch) {
        return vault.send(user, method, path, body.getBytes(StandardCharsets.UTF_8),
                "application/json", Map.of("If-Match", ifMatch));
    }

    private static long lastSequenceNumber(String id) {
        return vault.jdbc().queryForObject("SELECT max(sequencenumber) FROM domainevententry WHERE aggregateidentifier = ?",
                Long.class, id);
    }

    /** Both requests leave at the same moment, each on its own client thread. */
    @SafeVarargs
    private static List<Response> concurrently(Callable<Response>... requests) throws Exception {
        CyclicBarrier start = new CyclicBarrier(requests.length);
        List<Future<Response>> running = new ArrayList<>();
        for (Callable<Response> request : requests) {
            running.add(clients.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return request.call();
            }));
        }
        List<Response> answers = new ArrayList<>();
        for (Future<Response> answer : running) {
            answers.add(answer.get(1, TimeUnit.MINUTES));
        }
        return answers;
    }
}
