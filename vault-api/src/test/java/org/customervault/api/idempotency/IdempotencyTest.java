package org.customervault.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.customervault.api.problem.ProblemTypes;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.LogCapture;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A retried POST does not act twice: against the real vault, its real database, on every node's
 * shared table; and that table holds nothing a reader could learn a customer's data from.
 */
class IdempotencyTest {

    @TempDir
    static Path dataDir;
    private static RunningVault vault;
    private static LogCapture log;

    @BeforeAll
    static void start() {
        vault = RunningVault.start(dataDir, Map.of(), TestEndpoints.class);
        log = LogCapture.attach();
    }

    @AfterAll
    static void stop() {
        log.close();
        vault.close();
    }

    @Test
    void aRetriedRegistrationAnswersTheFirstAnswerAndRegistersOnce() {
        String key = UUID.randomUUID().toString();
        long customersBefore = customers();

        Response first = post(AGENT, "/api/v1/customers", "{\"fullName\": \"Retried Registration\"}", key);
        Response retry = post(AGENT, "/api/v1/customers", "{\"fullName\": \"Retried Registration\"}", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header(IdempotencyFilter.REPLAYED_HEADER)).isNull();
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header(IdempotencyFilter.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(retry.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
        assertThat(retry.location()).isEqualTo(first.location()).endsWith(first.json().get("id").asText());
        assertThat(retry.contentType()).startsWith("application/json");
        assertThat(customers()).as("one customer registered").isEqualTo(customersBefore + 1);
        assertThat(eventsOf(first.json().get("id").asText())).isOne();
    }

    @Test
    void theSameKeyWithAnotherBodyOrPathIsRefusedAndStoresNothing() {
        String key = UUID.randomUUID().toString();
        String customer = post(AGENT, "/api/v1/customers", "{\"fullName\": \"First Body\"}", key).json().get("id").asText();
        long eventsBefore = events();

        Response otherBody = post(AGENT, "/api/v1/customers", "{\"fullName\": \"Second Body\"}", key);
        Response otherPath = post(AGENT, "/api/v1/customers/" + customer + "/interactions", """
                {"channel": "PHONE", "summary": "Call", "occurredAt": "2026-01-10T10:00:00Z"}""", key);

        for (Response refused : List.of(otherBody, otherPath)) {
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("type").asText()).isEqualTo(ProblemTypes.IDEMPOTENCY_KEY_REUSED);
            assertThat(refused.body()).doesNotContain("Second Body", key);
        }
        assertThat(events()).as("nothing stored").isEqualTo(eventsBefore);
    }

    @Test
    void concurrentRequestsWithOneKeyRegisterOneCustomer() throws Exception {
        String key = UUID.randomUUID().toString();
        long customersBefore = customers();
        int clients = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Response>> sent = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            sent.add(pool.submit(() -> {
                go.await();
                return post(AGENT, "/api/v1/customers", "{\"fullName\": \"Concurrent Retry\"}", key);
            }));
        }
        go.countDown();
        List<Response> answers = new ArrayList<>();
        for (Future<Response> answer : sent) {
            answers.add(answer.get(1, TimeUnit.MINUTES));
        }
        pool.shutdown();

        assertThat(customers()).as("exactly one customer").isEqualTo(customersBefore + 1);
        List<Response> created = answers.stream().filter(answer -> answer.status() == 201).toList();
        assertThat(created).isNotEmpty();
        assertThat(created.stream().map(answer -> answer.json().get("id").asText()).distinct()).hasSize(1);
        answers.stream().filter(answer -> answer.status() != 201).forEach(inFlight -> {
            assertThat(inFlight.status()).isEqualTo(409);
            assertThat(inFlight.json().get("type").asText()).isEqualTo(ProblemTypes.IDEMPOTENCY_KEY_IN_USE);
            assertThat(inFlight.header("Retry-After")).isEqualTo("1");
        });
        Response later = post(AGENT, "/api/v1/customers", "{\"fullName\": \"Concurrent Retry\"}", key);
        assertThat(later.json().get("id").asText()).isEqualTo(created.get(0).json().get("id").asText());
    }

    @Test
    void aRequestStillRunningAnswers409UntilItEnds() throws Exception {
        String key = UUID.randomUUID().toString();
        TestEndpoints.release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Response> first = pool.submit(() -> post(ADMIN, "/api/v1/admin/test/slow", "{}", key));
        org.awaitility.Awaitility.await().until(() -> TestEndpoints.slowRuns.get() == 1);

        Response meanwhile = post(ADMIN, "/api/v1/admin/test/slow", "{}", key);
        TestEndpoints.release.countDown();

        assertThat(meanwhile.status()).isEqualTo(409);
        assertThat(meanwhile.json().get("type").asText()).isEqualTo(ProblemTypes.IDEMPOTENCY_KEY_IN_USE);
        assertThat(meanwhile.header("Retry-After")).isEqualTo("1");
        assertThat(first.get(1, TimeUnit.MINUTES).status()).isEqualTo(200);
        pool.shutdown();
        assertThat(post(ADMIN, "/api/v1/admin/test/slow", "{}", key).header(IdempotencyFilter.REPLAYED_HEADER))
                .isEqualTo("true");
        assertThat(TestEndpoints.slowRuns.get()).as("ran once").isOne();
    }

    @Test
    void oneCallersKeyIsNotReplayedForAnother() {
        String key = UUID.randomUUID().toString();
        String body = "{\"fullName\": \"Shared Key\"}";

        Response agents = post(AGENT, "/api/v1/customers", body, key);
        Response compliances = post(COMPLIANCE, "/api/v1/customers", body, key);

        assertThat(compliances.status()).isEqualTo(201);
        assertThat(compliances.header(IdempotencyFilter.REPLAYED_HEADER)).isNull();
        assertThat(compliances.json().get("id").asText()).isNotEqualTo(agents.json().get("id").asText());
    }

    @Test
    void anInteractionPostedTwiceIsRecordedOnce() {
        String customer = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Interaction Twice\"}").json().get("id").asText();
        String key = UUID.randomUUID().toString();
        String interaction = """
                {"channel": "PHONE", "summary": "Called about the invoice", "occurredAt": "2026-01-10T10:00:00Z"}""";

        Response first = post(AGENT, "/api/v1/customers/" + customer + "/interactions", interaction, key);
        Response retry = post(AGENT, "/api/v1/customers/" + customer + "/interactions", interaction, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
        assertThat(eventsOf(customer)).as("registered, then one interaction").isEqualTo(2);
    }

    @Test
    void anExpiredKeyCountsAsNewAndIsPurged() {
        String expired = UUID.randomUUID().toString();
        String purged = UUID.randomUUID().toString();
        String body = "{\"fullName\": \"Expired Key\"}";
        String first = post(AGENT, "/api/v1/customers", body, expired).json().get("id").asText();
        post(AGENT, "/api/v1/customers", "{\"fullName\": \"Purged Key\"}", purged);
        vault.superuserJdbc().update("UPDATE idempotency_key SET created_at = created_at - interval '25 hours'");

        Response again = post(AGENT, "/api/v1/customers", body, expired);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header(IdempotencyFilter.REPLAYED_HEADER)).isNull();
        assertThat(again.json().get("id").asText()).isNotEqualTo(first);

        assertThat(vault.bean(IdempotencyKeys.class).purge()).isPositive();
        assertThat(vault.jdbc().queryForObject(
                "SELECT count(*) FROM idempotency_key WHERE created_at < now() - interval '24 hours'", Long.class)).isZero();
        assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM idempotency_key WHERE created_at > now() - interval '1 hour'",
                Long.class)).as("the key used again is kept anew").isPositive();
    }

    @Test
    void theTableHoldsNoPersonalValueNorTheKeysSent() {
        Canaries canaries = new Canaries();
        String name = canaries.next("name");
        String email = canaries.next("mail") + "@example.com";
        String key = "retry-" + canaries.next("key");
        Response registered = post(AGENT, "/api/v1/customers",
                "{\"fullName\": \"" + name + "\", \"email\": \"" + email + "\"}", key);
        String summary = canaries.next("summary");
        post(AGENT, "/api/v1/customers/" + registered.json().get("id").asText() + "/interactions",
                "{\"channel\": \"EMAIL\", \"summary\": \"" + summary + "\", \"occurredAt\": \"2026-01-10T10:00:00Z\"}",
                "retry-" + canaries.next("key"));
        Response token = post(ADMIN, "/api/v1/admin/test/secret", "{}", UUID.randomUUID().toString());
        String secret = canaries.remember(token.json().get("token").asText());

        String table = String.join("\n", vault.superuserJdbc().queryForList(
                "SELECT t::text FROM idempotency_key t", String.class));
        assertThat(table).isNotEmpty();
        for (String canary : canaries.values()) {
            byte[] bytes = canary.getBytes(StandardCharsets.UTF_8);
            assertThat(table).doesNotContain(canary)
                    .doesNotContainIgnoringCase(HexFormat.of().formatHex(bytes));
        }
        assertThat(log.requestLines()).noneMatch(line -> canaries.values().stream().anyMatch(line::contains));
        assertThat(secret).isNotBlank();
    }

    @Test
    void aSecretAnswerIsNotKeptAndItsRetryIsToldSo() {
        String key = UUID.randomUUID().toString();

        Response first = post(ADMIN, "/api/v1/admin/test/secret", "{}", key);
        Response retry = post(ADMIN, "/api/v1/admin/test/secret", "{}", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.json().get("type").asText()).isEqualTo(ProblemTypes.IDEMPOTENT_ANSWER_WITHHELD);
        assertThat(retry.json().get("firstStatus").asInt()).isEqualTo(201);
        assertThat(retry.body()).doesNotContain(first.json().get("token").asText());
        assertThat(TestEndpoints.secrets.get()).as("issued once").isEqualTo(TestEndpoints.secretsBefore(first) + 1);
    }

    @Test
    void aServerErrorIsNotKeptSoTheRetryRunsAgain() {
        String key = UUID.randomUUID().toString();
        int before = TestEndpoints.failures.get();

        assertThat(post(ADMIN, "/api/v1/admin/test/failing", "{}", key).status()).isEqualTo(500);
        assertThat(post(ADMIN, "/api/v1/admin/test/failing", "{}", key).status()).isEqualTo(500);

        assertThat(TestEndpoints.failures.get()).isEqualTo(before + 2);
    }

    @Test
    void aConflictIsNotKeptSoTheRetryRunsOnceItIsResolved() {
        String customer = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Restricted Retry\"}").json().get("id").asText();
        vault.put(COMPLIANCE, "/api/v1/customers/" + customer + "/restriction",
                "{\"restricted\": true, \"reason\": \"disputes the accuracy\"}");
        String key = UUID.randomUUID().toString();
        String interaction = """
                {"channel": "CHAT", "summary": "Asked again", "occurredAt": "2026-01-10T10:00:00Z"}""";

        Response refused = post(AGENT, "/api/v1/customers/" + customer + "/interactions", interaction, key);
        vault.put(COMPLIANCE, "/api/v1/customers/" + customer + "/restriction", "{\"restricted\": false}");
        Response retry = post(AGENT, "/api/v1/customers/" + customer + "/interactions", interaction, key);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header(IdempotencyFilter.REPLAYED_HEADER)).isNull();
        assertThat(post(AGENT, "/api/v1/customers/" + customer + "/interactions", interaction, key).json().get("id").asText())
                .isEqualTo(retry.json().get("id").asText());
    }

    @Test
    void aStaleIfMatchIsNotKeptSoTheRetryWithTheNewVersionRuns() {
        String customer = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Versioned Retry\"}").json().get("id").asText();
        String path = "/api/v1/customers/" + customer + "/interactions";
        String key = UUID.randomUUID().toString();
        String interaction = """
                {"channel": "CHAT", "summary": "Asked for the invoice", "occurredAt": "2026-01-10T10:00:00Z"}""";
        byte[] body = interaction.getBytes(StandardCharsets.UTF_8);

        Response stale = vault.send(AGENT, "POST", path, body, "application/json",
                Map.of("Idempotency-Key", key, "If-Match", "\"7\""));
        Response current = vault.send(AGENT, "POST", path, body, "application/json",
                Map.of("Idempotency-Key", key, "If-Match", "\"0\""));

        assertThat(stale.status()).isEqualTo(412);
        assertThat(current.status()).isEqualTo(201);
        assertThat(current.header(IdempotencyFilter.REPLAYED_HEADER)).isNull();
    }

    @Test
    void noOneWithoutCredentialsCanClaimAKey() {
        long keysBefore = vault.jdbc().queryForObject("SELECT count(*) FROM idempotency_key", Long.class);

        for (String path : List.of("/error", "/api/v1/customers", "/api/v1/customers/" + UUID.randomUUID() + "/interactions")) {
            for (int i = 0; i < 3; i++) {
                Response refused = vault.send(null, "POST", path, "{}".getBytes(StandardCharsets.UTF_8), "application/json",
                        Map.of("Idempotency-Key", UUID.randomUUID().toString()));
                assertThat(refused.status()).as(path).isBetween(400, 499);
            }
        }
        assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM idempotency_key", Long.class)).isEqualTo(keysBefore);
    }

    @Test
    void aRefusalIsKeptSoTheSameRequestGetsTheSameAnswer() {
        String key = UUID.randomUUID().toString();
        long eventsBefore = events();

        Response refused = post(AGENT, "/api/v1/customers", "{\"fullName\": \"\"}", key);
        Response again = post(AGENT, "/api/v1/customers", "{\"fullName\": \"\"}", key);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.header(IdempotencyFilter.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.body()).isEqualTo(refused.body());
        assertThat(events()).isEqualTo(eventsBefore);
    }

    @Test
    void aMalformedKeyIsRefusedWithoutEchoAndStoresNothing() {
        long eventsBefore = events();
        String tooLong = "k".repeat(IdempotencyFilter.LONGEST_KEY + 1);
        String body = "{\"fullName\": \"Malformed Key\"}";

        List<Response> refused = List.of(
                post(AGENT, "/api/v1/customers", body, tooLong),
                post(AGENT, "/api/v1/customers", body, ""),
                vault.send(AGENT, "POST", "/api/v1/customers", body.getBytes(StandardCharsets.UTF_8), "application/json",
                        Map.of("Idempotency-Key", "k\ty")));
        for (Response answer : refused) {
            assertThat(answer.status()).as("key %d", refused.indexOf(answer)).isEqualTo(400);
            assertThat(answer.json().get("type").asText()).isEqualTo(ProblemTypes.MALFORMED_REQUEST);
            assertThat(answer.body()).doesNotContain(tooLong, "k\ty");
        }
        assertThat(post(AGENT, "/api/v1/customers", body, "k".repeat(IdempotencyFilter.LONGEST_KEY)).status())
                .as("the longest key allowed").isEqualTo(201);
        assertThat(events()).isEqualTo(eventsBefore + 1);
    }

    @Test
    void aRepeatedOrderAnswers409WithThePurchaseRecordedFirst() {
        String customer = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Order Twice\"}").json().get("id").asText();
        String purchase = """
                {"orderRef": "ORD-77", "amount": "42.00", "currency": "USD", "occurredAt": "2026-01-10T10:00:00Z"}""";
        String first = vault.post(AGENT, "/api/v1/customers/" + customer + "/purchases", purchase).json().get("id").asText();
        long eventsBefore = eventsOf(customer);

        Response again = vault.post(AGENT, "/api/v1/customers/" + customer + "/purchases",
                purchase.replace("42.00", "43.00"));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.json().get("purchaseId").asText()).isEqualTo(first);
        assertThat(eventsOf(customer)).as("nothing stored").isEqualTo(eventsBefore);
    }

    @Test
    void everyPostDocumentsTheHeader() {
        com.fasterxml.jackson.databind.JsonNode paths = vault.get(AGENT, "/v3/api-docs").json().get("paths");
        List<String> posts = new ArrayList<>();
        paths.properties().forEach(path -> {
            if (path.getValue().has("post")) {
                posts.add(path.getKey());
                com.fasterxml.jackson.databind.JsonNode post = path.getValue().get("post");
                assertThat(post.get("parameters").findValuesAsText("name")).as(path.getKey()).contains("Idempotency-Key");
                assertThat(post.get("responses").has("422")).as(path.getKey()).isTrue();
            }
        });
        assertThat(posts).contains("/api/v1/customers", "/api/v1/customers/{id}/purchases");
    }

    private static Response post(String user, String path, String json, String key) {
        return vault.send(user, "POST", path, json.getBytes(StandardCharsets.UTF_8), "application/json",
                Map.of("Idempotency-Key", key));
    }

    private static long customers() {
        return vault.jdbc().queryForObject("SELECT count(DISTINCT aggregateidentifier) FROM domainevententry", Long.class);
    }

    private static long events() {
        return vault.jdbc().queryForObject("SELECT count(*) FROM domainevententry", Long.class);
    }

    private static long eventsOf(String customer) {
        return vault.jdbc().queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                Long.class, customer);
    }

    /** Endpoints of the kinds the API will have: one slow, one answering a secret once, one failing. */
    @Configuration(proxyBeanMethods = false)
    @Import(TestEndpoints.Controller.class)
    static class TestEndpoints {

        static volatile CountDownLatch release = new CountDownLatch(0);
        static final AtomicInteger slowRuns = new AtomicInteger();
        static final AtomicInteger secrets = new AtomicInteger();
        static final AtomicInteger failures = new AtomicInteger();

        static int secretsBefore(Response first) {
            return Integer.parseInt(first.json().get("issued").asText()) - 1;
        }

        @RestController
        static class Controller {

            @ReplayableAnswer
            @PostMapping("/api/v1/admin/test/slow")
            Map<String, Integer> slow() throws InterruptedException {
                slowRuns.incrementAndGet();
                release.await(30, TimeUnit.SECONDS);
                return Map.of("runs", slowRuns.get());
            }

            @PostMapping("/api/v1/admin/test/secret")
            ResponseEntity<Map<String, String>> secret() {
                int issued = secrets.incrementAndGet();
                return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("token", "tok-" + Canaries.token(24),
                        "issued", String.valueOf(issued)));
            }

            @PostMapping("/api/v1/admin/test/failing")
            Map<String, String> failing() {
                failures.incrementAndGet();
                throw new IllegalStateException("failed on purpose");
            }
        }
    }
}
