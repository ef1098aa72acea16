package org.customervault.api.subjectrequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.RunningVault.Response;
import org.customervault.api.support.RunningVault;
import org.customervault.domain.customer.CustomerId;
import org.customervault.projections.compliance.ErasureLedger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Data subjects' requests through the API of a running vault: due dates, steps, refusals, erasure, privacy. */
class SubjectRequestTest {

    private static final String REQUESTS = "/api/v1/compliance/requests";

    @TempDir
    static Path root;

    private static RunningVault vault;

    private final Canaries canaries = new Canaries();

    @BeforeAll
    static void start() {
        vault = RunningVault.start(root.resolve("data"), Map.of("logging.file.name", root.resolve("vault.log")));
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void aColombianConsultaReceivedOnAFridayIsDueAfterTenBusinessDaysAndTheHolidays() {
        Response created = vault.post(COMPLIANCE, REQUESTS, """
                {"kind": "access", "jurisdiction": "CO", "channel": "EMAIL", "receivedAt": "2026-10-30T15:00:00Z"}""");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode request = created.json();
        assertThat(created.location()).isEqualTo(REQUESTS + "/" + request.get("id").asText());
        assertThat(request.get("status").asText()).isEqualTo("RECEIVED");
        assertThat(request.get("receivedOn").asText()).isEqualTo("2026-10-30");
        assertThat(request.get("dueOn").asText()).isEqualTo("2026-11-17");
        assertThat(request.get("legalSource").asText()).isEqualTo("Ley 1581 de 2012, Art. 14");
        assertThat(vault.get(COMPLIANCE, created.location()).json().at("/request/dueOn").asText()).isEqualTo("2026-11-17");
    }

    @Test
    void aRequestGoesFromReceivedToAnsweredOnlyInOrderAndEveryStepIsKept() {
        String path = created("{\"kind\": \"erasure\", \"jurisdiction\": \"EU\", \"channel\": \"WEB\", \"receivedAt\": \""
                + Instant.now().minus(1, ChronoUnit.DAYS) + "\"}");

        assertConflict(vault.post(COMPLIANCE, path + "/start", null), "RECEIVED");
        assertConflict(vault.post(COMPLIANCE, path + "/answer", LETTER), "RECEIVED");
        assertThat(vault.post(COMPLIANCE, path + "/verification", "{\"method\": \"IDENTITY_DOCUMENT\"}").json()
                .get("status").asText()).isEqualTo("VERIFIED");
        assertConflict(vault.post(ADMIN, path + "/verification", "{\"method\": \"IN_PERSON\"}"), "VERIFIED");
        assertThat(vault.post(COMPLIANCE, path + "/start", null).json().get("status").asText()).isEqualTo("IN_PROGRESS");
        JsonNode extended = vault.post(ADMIN, path + "/extension", "{\"reason\": \"Many systems to search\"}").json();
        assertThat(extended.get("extended").asBoolean()).isTrue();
        LocalDate receivedOn = LocalDate.parse(extended.get("receivedOn").asText());
        assertThat(extended.get("dueOn").asText()).as("GDPR Art. 12(3): one month and two more")
                .isEqualTo(receivedOn.plusMonths(3).toString());
        assertConflict(vault.post(ADMIN, path + "/extension", "{\"reason\": \"Again\"}"), "extended already");
        assertRefused(vault.post(COMPLIANCE, path + "/answer", "{\"evidence\": {\"type\": \"ERASURE_CERTIFICATE\","
                + " \"reference\": \"" + UUID.randomUUID() + "\"}}"), "evidence.reference");
        UUID pending = UUID.randomUUID();
        vault.bean(ErasureLedger.class).begin(new CustomerId(pending), COMPLIANCE, Instant.now());
        assertRefused(vault.post(COMPLIANCE, path + "/answer", "{\"evidence\": {\"type\": \"ERASURE_CERTIFICATE\","
                + " \"reference\": \"" + pending + "\"}}"), "evidence.reference");
        assertRefused(vault.post(COMPLIANCE, path + "/answer", "{\"evidence\": {\"type\": \"EXPORT\","
                + " \"reference\": \"" + Instant.now() + "\"}}"), "evidence.type");
        assertRefused(vault.post(COMPLIANCE, path + "/answer", "{\"evidence\": {\"type\": \"LETTER\","
                + " \"reference\": \"a letter\"}}"), "evidence.reference");
        assertThat(vault.post(COMPLIANCE, path + "/answer", LETTER).json().get("status").asText()).isEqualTo("ANSWERED");
        assertConflict(vault.post(COMPLIANCE, path + "/refusal", "{\"reason\": \"Too late\"}"), "ANSWERED");
        assertConflict(vault.post(COMPLIANCE, path + "/extension", "{\"reason\": \"Too late\"}"), "ANSWERED");

        JsonNode detail = vault.get(COMPLIANCE, path).json();
        assertThat(detail.at("/verification/by").asText()).isEqualTo(COMPLIANCE);
        assertThat(detail.at("/verification/method").asText()).isEqualTo("IDENTITY_DOCUMENT");
        assertThat(detail.at("/evidence/type").asText()).isEqualTo("LETTER");
        assertThat(detail.at("/evidence/reference").asText()).isEqualTo("letter-2026-117");
        assertThat(detail.get("extensionReason").asText()).isEqualTo("Many systems to search");
        assertThat(detail.get("closedBy").asText()).isEqualTo(COMPLIANCE);
        List<String> steps = new ArrayList<>();
        detail.get("history").forEach(step -> steps.add(step.get("action").asText() + " by " + step.get("actor").asText()));
        assertThat(steps).containsExactly("received by compliance", "verified by compliance", "started by compliance",
                "extended by root", "answered by compliance");
    }

    @ParameterizedTest(name = "{1} from {0}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            RECEIVED    | verification | 200
            RECEIVED    | start        | 409
            RECEIVED    | extension    | 200
            RECEIVED    | answer       | 409
            RECEIVED    | refusal      | 200
            VERIFIED    | verification | 409
            VERIFIED    | start        | 200
            VERIFIED    | extension    | 200
            VERIFIED    | answer       | 409
            VERIFIED    | refusal      | 200
            IN_PROGRESS | verification | 409
            IN_PROGRESS | start        | 409
            IN_PROGRESS | extension    | 200
            IN_PROGRESS | answer       | 200
            IN_PROGRESS | refusal      | 200
            ANSWERED    | verification | 409
            ANSWERED    | start        | 409
            ANSWERED    | extension    | 409
            ANSWERED    | answer       | 409
            ANSWERED    | refusal      | 409
            REFUSED     | verification | 409
            REFUSED     | start        | 409
            REFUSED     | extension    | 409
            REFUSED     | answer       | 409
            REFUSED     | refusal      | 409
            """)
    void everyStepIsTakenOnlyFromTheStatusesItStartsFrom(String status, String step, int expected) {
        String path = created("{\"kind\": \"access\", \"jurisdiction\": \"EU\", \"channel\": \"WEB\", \"receivedAt\": \""
                + Instant.now() + "\"}");
        List<String> route = switch (status) {
            case "RECEIVED" -> List.of();
            case "VERIFIED" -> List.of("verification");
            case "IN_PROGRESS" -> List.of("verification", "start");
            case "ANSWERED" -> List.of("verification", "start", "answer");
            default -> List.of("refusal");
        };
        route.forEach(earlier -> assertThat(step(path, earlier).status()).isEqualTo(200));
        String before = vault.get(COMPLIANCE, path).body();

        Response taken = step(path, step);

        assertThat(taken.status()).as(taken.body()).isEqualTo(expected);
        if (expected == 409) {
            assertThat(vault.get(COMPLIANCE, path).body()).as("nothing changed").isEqualTo(before);
        }
    }

    private static Response step(String path, String step) {
        return vault.post(COMPLIANCE, path + "/" + step, switch (step) {
            case "verification" -> "{\"method\": \"IN_PERSON\"}";
            case "extension", "refusal" -> "{\"reason\": \"A reason\"}";
            case "answer" -> LETTER;
            default -> null;
        });
    }

    @Test
    void aRefusalNeedsAReasonAndClosesTheRequest() {
        String path = created("{\"kind\": \"objection\", \"jurisdiction\": \"CO\", \"channel\": \"PHONE\","
                + " \"receivedAt\": \"2026-11-20T15:00:00Z\"}");

        assertThat(vault.post(COMPLIANCE, path + "/refusal", "{\"reason\": \"\"}").status()).isEqualTo(400);
        JsonNode refused = vault.post(COMPLIANCE, path + "/refusal", "{\"reason\": \"Identity not proven\"}").json();
        assertThat(refused.get("status").asText()).isEqualTo("REFUSED");
        assertConflict(vault.post(COMPLIANCE, path + "/verification", "{\"method\": \"OTHER\"}"), "REFUSED");
        assertThat(vault.get(COMPLIANCE, path).json().get("refusalReason").asText()).isEqualTo("Identity not proven");
    }

    @Test
    void aLawWithoutExtensionRefusesOne() {
        String path = created("{\"kind\": \"rectification\", \"jurisdiction\": \"AR\", \"channel\": \"POST\","
                + " \"receivedAt\": \"2026-11-20T15:00:00Z\"}");

        assertConflict(vault.post(COMPLIANCE, path + "/extension", "{\"reason\": \"Need more time\"}"), "Ley 25.326");
        assertThat(vault.get(COMPLIANCE, path).json().at("/request/dueOn").asText()).isEqualTo("2026-11-30");
    }

    @Test
    void aRequestTheVaultKnowsNoTermForIsRecordedDueOnTheDayItArrived() {
        for (String[] unknown : new String[][] {{"access", "US"}, {"erasure", "BR"}, {"consent-withdrawal", "AR"}}) {
            String path = created("{\"kind\": \"" + unknown[0] + "\", \"jurisdiction\": \"" + unknown[1]
                    + "\", \"channel\": \"EMAIL\", \"receivedAt\": \"" + Instant.now() + "\"}");
            JsonNode request = vault.get(COMPLIANCE, path).json().get("request");
            assertThat(request.get("dueOn").asText()).as(unknown[1]).isEqualTo(request.get("receivedOn").asText());
            assertThat(request.get("dueOnProvisional").asBoolean()).as(unknown[1]).isTrue();
            assertThat(request.get("legalSource").asText()).isEqualTo("none known: due on receipt");
            assertConflict(vault.post(COMPLIANCE, path + "/extension", "{\"reason\": \"More time\"}"), "no term");
        }
    }

    @Test
    void aMexicanArcoRequestIsDueInTwentyBusinessDays() {
        JsonNode request = vault.get(COMPLIANCE, created("""
                {"kind": "access", "jurisdiction": "MX", "channel": "EMAIL", "receivedAt": "2026-10-30T18:00:00Z"}"""))
                .json().get("request");

        // counted from the day after Friday 30 October; Monday 16 November 2026 (Revolución) skipped
        assertThat(request.get("dueOn").asText()).isEqualTo("2026-11-30");
        assertThat(request.get("legalSource").asText()).isEqualTo("LFPDPPP (2025), Art. 31");
        assertThat(request.get("dueOnProvisional").asBoolean()).isFalse();
    }

    @Test
    void anExtensionComesBeforeTheDueDateNotAfter() {
        String path = created("""
                {"kind": "access", "jurisdiction": "EU", "channel": "EMAIL", "receivedAt": "2026-01-10T09:00:00Z"}""");

        assertConflict(vault.post(COMPLIANCE, path + "/extension", "{\"reason\": \"Late\"}"), "overdue");
        JsonNode request = vault.get(COMPLIANCE, path).json().get("request");
        assertThat(request.get("dueOn").asText()).isEqualTo("2026-02-10");
        assertThat(request.get("extended").asBoolean()).isFalse();
        assertThat(request.get("dueOnProvisional").asBoolean()).isFalse();
    }

    @Test
    void twoNodesVerifyingAtOnceRecordOneVerification() throws Exception {
        String path = created("{\"kind\": \"access\", \"jurisdiction\": \"EU\", \"channel\": \"WEB\", \"receivedAt\": \""
                + Instant.now() + "\"}");
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return vault.post(COMPLIANCE, path + "/verification", "{\"method\": \"SIGNED_IN_ACCOUNT\"}").status();
            }));
        }
        go.countDown();

        assertThat(calls.stream().map(CompletableFuture::join)).containsExactlyInAnyOrder(200, 409, 409, 409);
        assertThat(vault.get(COMPLIANCE, path).json().get("history")).hasSize(2);
    }

    @Test
    void badRequestsAreRefusedNamingTheFieldAndStoreNothing() {
        long before = rows();
        String email = canaries.next("badmail") + "-no-at-sign";

        assertRefused(vault.post(COMPLIANCE, REQUESTS, """
                {"kind": "access", "jurisdiction": "XX", "channel": "EMAIL", "receivedAt": "2026-10-30T15:00:00Z"}"""),
                "jurisdiction");
        assertRefused(vault.post(COMPLIANCE, REQUESTS, """
                {"kind": "access", "jurisdiction": "mx", "channel": "EMAIL", "receivedAt": "2026-10-30T15:00:00Z"}"""),
                "jurisdiction");
        assertRefused(vault.post(COMPLIANCE, REQUESTS, """
                {"kind": "forget-me", "jurisdiction": "CO", "channel": "EMAIL", "receivedAt": "2026-10-30T15:00:00Z"}"""),
                "kind");
        assertRefused(vault.post(COMPLIANCE, REQUESTS, "{\"kind\": \"access\", \"jurisdiction\": \"EU\", \"channel\":"
                + " \"EMAIL\", \"receivedAt\": \"" + Instant.now().plus(1, ChronoUnit.DAYS) + "\"}"), "receivedAt");
        assertRefused(vault.post(COMPLIANCE, REQUESTS, "{\"subjectId\": \"" + UUID.randomUUID() + "\", \"kind\":"
                + " \"access\", \"jurisdiction\": \"EU\", \"channel\": \"EMAIL\", \"receivedAt\": \"2026-10-30T15:00:00Z\"}"),
                "subjectId");
        Response badEmail = vault.post(COMPLIANCE, REQUESTS, "{\"kind\": \"access\", \"jurisdiction\": \"EU\","
                + " \"channel\": \"EMAIL\", \"receivedAt\": \"2026-10-30T15:00:00Z\", \"requester\": {\"email\": \""
                + email + "\"}}");
        assertRefused(badEmail, "requester.email");
        assertThat(badEmail.body()).doesNotContain(email);
        assertThat(vault.post(COMPLIANCE, REQUESTS, "{\"kind\": \"access\", \"jurisdiction\": \"EU\", \"channel\":"
                + " \"EMAIL\", \"receivedAt\": \"2026-10-30T15:00:00Z\", \"extra\": 1}").status()).isEqualTo(400);
        assertThat(vault.post(AGENT, REQUESTS, """
                {"kind": "access", "jurisdiction": "EU", "channel": "EMAIL", "receivedAt": "2026-10-30T15:00:00Z"}""")
                .status()).isEqualTo(403);
        assertThat(vault.get(AGENT, REQUESTS).status()).isEqualTo(403);
        assertThat(rows()).isEqualTo(before);

        assertThat(vault.get(COMPLIANCE, REQUESTS + "/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(vault.get(COMPLIANCE, REQUESTS + "/not-a-uuid").status()).isEqualTo(400);
        assertThat(vault.get(COMPLIANCE, REQUESTS + "?status=LOST").status()).isEqualTo(400);
        assertThat(vault.get(COMPLIANCE, REQUESTS + "?dueBefore=tomorrow").status()).isEqualTo(400);
        assertThat(vault.get(COMPLIANCE, REQUESTS + "?dueBefore=-0001-01-01").status()).isEqualTo(400);
        assertRefused(vault.post(COMPLIANCE, REQUESTS, """
                {"kind": "access", "jurisdiction": "EU", "channel": "EMAIL", "receivedAt": "1999-12-31T00:00:00Z"}"""),
                "receivedAt");
        assertThat(vault.post(COMPLIANCE, REQUESTS, """
                {"kind": "access", "jurisdiction": "EU", "channel": "EMAIL", "receivedAt": "-999999999-01-01T00:00:00Z"}""")
                .status()).isEqualTo(400);
        assertThat(vault.get(COMPLIANCE, REQUESTS + "?stauts=RECEIVED").status()).isEqualTo(400);
    }

    @Test
    void theListShowsOverdueRequestsFirstThenByDueDate() {
        String later = created("{\"kind\": \"access\", \"jurisdiction\": \"EU\", \"channel\": \"WEB\", \"receivedAt\": \""
                + Instant.now() + "\"}");
        String overdueLater = created("""
                {"kind": "access", "jurisdiction": "EU", "channel": "WEB", "receivedAt": "2026-03-15T10:00:00Z"}""");
        String overdueFirst = created("""
                {"kind": "access", "jurisdiction": "EU", "channel": "WEB", "receivedAt": "2026-01-15T10:00:00Z"}""");

        List<String> order = new ArrayList<>();
        vault.get(COMPLIANCE, REQUESTS + "?size=1000").json().forEach(item -> order.add(REQUESTS + "/" + item.get("id").asText()));
        assertThat(order).containsSubsequence(overdueFirst, overdueLater, later);
        JsonNode first = vault.get(COMPLIANCE, REQUESTS + "?size=1").json().get(0);
        assertThat(first.get("overdue").asBoolean()).isTrue();

        Response page = vault.get(COMPLIANCE, REQUESTS + "?status=RECEIVED&dueBefore=2026-03-01&size=1");
        assertThat(page.json().get(0).get("dueOn").asText()).isLessThan("2026-03-01");
        assertThat(page.header("X-Total-Count")).isNotNull();
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Response next = vault.get(COMPLIANCE, REQUESTS + "?size=2" + (cursor == null ? "" : "&cursor=" + cursor));
            next.json().forEach(item -> paged.add(REQUESTS + "/" + item.get("id").asText()));
            cursor = next.header("X-Next-Cursor");
        } while (cursor != null);
        assertThat(paged).as("paging by cursor walks the same order").isEqualTo(order);
    }

    @Test
    void anOverdueRequestShowsInMetricsAndHealthWhichStaysUp() {
        created("""
                {"kind": "access", "jurisdiction": "BR", "channel": "WEB", "receivedAt": "2026-01-15T10:00:00Z"}""");

        JsonNode health = vault.get(ADMIN, "/actuator/health").json();
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/dataSubjectRequests/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/dataSubjectRequests/details/overdue").asLong()).isPositive();
        assertThat(health.at("/components/dataSubjectRequests/details/overdueRequests")).isNotEmpty();
        String metrics = vault.get(ADMIN, "/actuator/prometheus").body();
        assertThat(metrics).containsPattern("vault_requests_overdue_requests\\{[^}]*} [1-9]").contains("vault_requests_due_soon");
    }

    @Test
    void aRetriedPostWithTheSameIdempotencyKeyRecordsOneRequest() {
        String body = "{\"kind\": \"portability\", \"jurisdiction\": \"CO\", \"channel\": \"CHAT\","
                + " \"receivedAt\": \"2026-11-03T15:00:00Z\"}";
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        long before = rows();

        Response first = vault.send(COMPLIANCE, "POST", REQUESTS, body.getBytes(), "application/json", key);
        Response retried = vault.send(COMPLIANCE, "POST", REQUESTS, body.getBytes(), "application/json", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retried.json()).isEqualTo(first.json());
        assertThat(rows()).isEqualTo(before + 1);
    }

    @Test
    void erasingTheSubjectShredsTheRequestsPersonalFieldsAndKeepsTheRequest() {
        String customer = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"" + canaries.next("name") + "\"}")
                .json().get("id").asText();
        String name = canaries.next("requester");
        String email = canaries.next("mail") + "@example.com";
        String notes = canaries.next("notes");
        String path = created("{\"subjectId\": \"" + customer + "\", \"kind\": \"erasure\", \"jurisdiction\": \"CO\","
                + " \"channel\": \"EMAIL\", \"receivedAt\": \"2026-11-23T15:00:00Z\", \"requester\": {\"name\": \""
                + name + "\", \"email\": \"" + email + "\"}, \"notes\": \"" + notes + "\"}");
        JsonNode before = vault.get(COMPLIANCE, path).json();
        assertThat(before.at("/requester/name").asText()).isEqualTo(name);
        assertThat(before.at("/requester/email").asText()).isEqualTo(email);
        assertThat(before.get("notes").asText()).isEqualTo(notes);
        assertThat(vault.post(COMPLIANCE, path + "/verification", "{\"method\": \"EMAIL_CONFIRMATION\"}").status()).isEqualTo(200);
        assertThat(vault.post(COMPLIANCE, path + "/start", null).status()).isEqualTo(200);

        assertThat(vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + customer, null, null).status()).isEqualTo(200);
        Response answered = vault.post(COMPLIANCE, path + "/answer",
                "{\"evidence\": {\"type\": \"ERASURE_CERTIFICATE\", \"reference\": \"" + customer + "\"}}");

        assertThat(answered.status()).as("an erasure request is answered after the erasure").isEqualTo(200);
        JsonNode after = vault.get(COMPLIANCE, path).json();
        assertThat(after.at("/requester/name").asText()).isEqualTo("erased");
        assertThat(after.at("/requester/email").asText()).isEqualTo("erased");
        assertThat(after.get("notes").asText()).isEqualTo("erased");
        assertThat(after.at("/request/kind").asText()).isEqualTo("erasure");
        assertThat(after.at("/request/status").asText()).isEqualTo("ANSWERED");
        assertThat(after.at("/request/dueOn").asText()).isEqualTo(before.at("/request/dueOn").asText());
        assertThat(after.at("/evidence/reference").asText()).isEqualTo(customer);
        assertThat(after.toString()).doesNotContain(name, email, notes);
        String later = "{\"subjectId\": \"" + customer + "\", \"kind\": \"access\", \"jurisdiction\": \"EU\","
                + " \"channel\": \"EMAIL\", \"receivedAt\": \"" + Instant.now() + "\"";
        assertThat(vault.post(COMPLIANCE, REQUESTS, later + ", \"notes\": \"" + canaries.next("notes") + "\"}").status())
                .as("nothing personal is sealed for an erased customer again").isEqualTo(410);
        assertThat(vault.post(COMPLIANCE, REQUESTS, later + "}").status()).as("the request itself is recorded")
                .isEqualTo(201);
    }

    @Test
    void noRequesterValueIsStoredInPlaintext() throws Exception {
        String customer = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Canary Subject\"}")
                .json().get("id").asText();
        String withSubject = created("{\"subjectId\": \"" + customer + "\", \"kind\": \"access\", \"jurisdiction\":"
                + " \"EU\", \"channel\": \"EMAIL\", \"receivedAt\": \"" + Instant.now() + "\", \"requester\": {\"name\": \""
                + canaries.next("name") + "\", \"email\": \"" + canaries.next("mail") + "@example.com\"}, \"notes\": \""
                + canaries.next("notes") + "\"}");
        String withoutSubject = created("{\"kind\": \"access\", \"jurisdiction\": \"CO\", \"channel\": \"POST\","
                + " \"receivedAt\": \"2026-11-24T15:00:00Z\", \"requester\": {\"name\": \"" + canaries.next("name")
                + "\", \"email\": \"" + canaries.next("mail") + "@example.com\"}}");
        assertThat(vault.post(COMPLIANCE, withSubject + "/extension", "{\"reason\": \"" + canaries.next("reason") + "\"}")
                .status()).isEqualTo(200);
        assertThat(vault.post(COMPLIANCE, withoutSubject + "/refusal", "{\"reason\": \"" + canaries.next("reason") + "\"}")
                .status()).isEqualTo(200);
        assertThat(vault.get(COMPLIANCE, withoutSubject).json().at("/requester/name").asText()).startsWith("cnryname");
        String requestId = withoutSubject.substring(withoutSubject.lastIndexOf('/') + 1);
        JsonNode reads = vault.get(COMPLIANCE, "/api/v1/compliance/access-log?subjectId=" + requestId).json();
        assertThat(reads).as("a read of a request without a customer is logged under the request's id").hasSize(1);
        assertThat(reads.get(0).get("action").asText()).isEqualTo("subject-request.read");
        assertThat(reads.get(0).get("actor").asText()).isEqualTo("compliance");

        vault.superuserJdbc().execute("CHECKPOINT");
        List<Path> written = new ArrayList<>(Canaries.filesUnder(root.resolve("data")));
        written.add(root.resolve("vault.log"));
        assertThat(canaries.findIn(written)).as("canaries found in plaintext or hex").isEmpty();
    }

    @ParameterizedTest(name = "{0} is answered with {1}")
    @CsvSource(delimiter = '|', textBlock = """
            access             | EXPORT
            portability        | EXPORT
            erasure            | ERASURE_CERTIFICATE
            rectification      | RECTIFICATION
            restriction        | RESTRICTION
            objection          | OBJECTION
            consent-withdrawal | CONSENT_CHANGE
            """)
    void aRequestNamingACustomerIsAnsweredWithTheEvidenceOfWhatItAskedFor(String kind, String type) {
        String customer = customer();
        String path = inProgress(kind, customer, Instant.now().minusSeconds(60));

        String reference = doneFor(kind, customer);
        Response answered = answer(path, type, reference);

        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        JsonNode detail = vault.get(COMPLIANCE, path).json();
        assertThat(detail.at("/request/status").asText()).isEqualTo("ANSWERED");
        assertThat(detail.at("/evidence/type").asText()).isEqualTo(type);
        assertThat(detail.at("/evidence/reference").asText()).isEqualTo(reference);
    }

    @ParameterizedTest(name = "{0} naming a customer: {1} is refused")
    @CsvSource(delimiter = '|', textBlock = """
            erasure            | true  | EXPORT              | ERASURE_CERTIFICATE
            erasure            | true  | LETTER              | ERASURE_CERTIFICATE
            access             | true  | LETTER              | EXPORT
            access             | true  | ERASURE_CERTIFICATE | EXPORT
            portability        | true  | RECTIFICATION       | EXPORT
            rectification      | true  | EXPORT              | RECTIFICATION
            restriction        | true  | CONSENT_CHANGE      | RESTRICTION
            objection          | true  | RESTRICTION         | OBJECTION
            consent-withdrawal | true  | OBJECTION           | CONSENT_CHANGE
            access             | false | EXPORT              | LETTER
            restriction        | false | RESTRICTION         | LETTER
            """)
    void evidenceOfAnotherTypeThanTheRequestAsksForIsRefusedNamingTheType(String kind, boolean namesCustomer,
                                                                          String type, String allowed) {
        String customer = customer();
        String path = inProgress(kind, namesCustomer ? customer : null, Instant.now().minusSeconds(60));
        // evidence that would hold for its own type: the refusal is for the type alone
        String reference = switch (type) {
            case "EXPORT" -> doneFor("access", customer);
            case "ERASURE_CERTIFICATE" -> doneFor("erasure", customer);
            case "RECTIFICATION", "RESTRICTION", "OBJECTION", "CONSENT_CHANGE" -> doneFor(switch (type) {
                case "RECTIFICATION" -> "rectification";
                case "RESTRICTION" -> "restriction";
                case "OBJECTION" -> "objection";
                default -> "consent-withdrawal";
            }, customer);
            default -> "letter-cnry-7731";
        };

        Response refused = answer(path, type, reference);

        assertRefused(refused, "evidence.type");
        assertThat(refused.json().get("errors").get(0).get("message").asText()).contains(allowed);
        assertThat(refused.json().get("errors").toString()).as("no value echoed").doesNotContain(reference);
        assertNothingStored(path);
    }

    @Test
    void anExportIsEvidenceOnlyOfTheRequestsCustomerAtItsOwnInstantSinceTheRequest() {
        String customer = customer();
        String other = customer();
        String earlier = doneFor("access", customer);
        String path = inProgress("access", customer, Instant.now().plusSeconds(60));
        String othersExport = doneFor("access", other);

        assertRefused(answer(path, "EXPORT", Instant.now().toString()), "evidence.reference");
        assertRefused(answer(path, "EXPORT", "2026-11-30T10:15:30Z"), "evidence.reference");
        assertRefused(answer(path, "EXPORT", othersExport), "evidence.reference");
        Response before = answer(path, "EXPORT", earlier);
        assertRefused(before, "evidence.reference");
        assertThat(before.json().get("errors").get(0).get("message").asText()).contains("since the request");
        assertRefused(answer(path, "EXPORT", "42"), "evidence.reference");
        assertNothingStored(path);
    }

    @Test
    void aChangesEvidenceIsTheCustomersVersionLeftByThatChangeSinceTheRequest() {
        String customer = customer();
        String earlierRestriction = doneFor("restriction", customer);
        String lifted = version(vault.send(COMPLIANCE, "PUT", "/api/v1/customers/" + customer + "/restriction",
                "{\"restricted\": false}".getBytes(), "application/json", ANY_VERSION));
        String path = inProgress("restriction", customer, Instant.now().plusSeconds(60));

        assertRefused(answer(path, "RESTRICTION", lifted), "evidence.reference");
        assertRefused(answer(path, "RESTRICTION", "0"), "evidence.reference");
        assertRefused(answer(path, "RESTRICTION", "999"), "evidence.reference");
        assertRefused(answer(path, "RESTRICTION", "\"" + lifted + "\""), "evidence.reference");
        assertRefused(answer(path, "RESTRICTION", Instant.now().toString()), "evidence.reference");
        Response before = answer(path, "RESTRICTION", earlierRestriction);
        assertRefused(before, "evidence.reference");
        assertThat(before.json().get("errors").get(0).get("message").asText()).contains("before the request");
        assertNothingStored(path);
    }

    @Test
    void anotherCustomersChangeIsNoEvidence() {
        String customer = customer();
        String other = customer();
        String path = inProgress("objection", customer, Instant.now().minusSeconds(60));

        String othersObjection = doneFor("objection", other);

        assertRefused(answer(path, "OBJECTION", othersObjection), "evidence.reference");
        assertNothingStored(path);
        assertThat(answer(path, "OBJECTION", doneFor("objection", customer)).status()).isEqualTo(200);
    }

    /** A letter answers a request that names no customer: the vault has nothing else to check. */
    private static final String LETTER = """
            {"evidence": {"type": "LETTER", "reference": "letter-2026-117"}}""";

    private static final Map<String, String> ANY_VERSION = Map.of("If-Match", "*");

    private static String customer() {
        Response registered = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Evidence Subject\"}");
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return registered.json().get("id").asText();
    }

    /** A request of this kind, about the customer (or none), verified and started. */
    private static String inProgress(String kind, String customer, Instant receivedAt) {
        String path = created("{" + (customer == null ? "" : "\"subjectId\": \"" + customer + "\", ") + "\"kind\": \""
                + kind + "\", \"jurisdiction\": \"EU\", \"channel\": \"EMAIL\", \"receivedAt\": \"" + receivedAt + "\"}");
        assertThat(vault.post(COMPLIANCE, path + "/verification", "{\"method\": \"IN_PERSON\"}").status()).isEqualTo(200);
        assertThat(vault.post(COMPLIANCE, path + "/start", null).status()).isEqualTo(200);
        return path;
    }

    /** Does what a request of this kind asks for the customer, and answers with what the vault gave back as its proof. */
    private static String doneFor(String kind, String customer) {
        String path = "/api/v1/customers/" + customer;
        return switch (kind) {
            case "access", "portability" -> {
                Response export = vault.get(COMPLIANCE, path + "/export");
                assertThat(export.status()).as(export.body()).isEqualTo(200);
                yield export.json().get("exportedAt").asText();
            }
            case "erasure" -> {
                assertThat(vault.send(COMPLIANCE, "DELETE", path, null, null).status()).isEqualTo(200);
                yield customer;
            }
            case "rectification" -> version(vault.send(COMPLIANCE, "PATCH", path,
                    "{\"email\": \"rectified@example.com\"}".getBytes(), "application/merge-patch+json", ANY_VERSION));
            case "restriction" -> version(vault.send(COMPLIANCE, "PUT", path + "/restriction",
                    "{\"restricted\": true, \"reason\": \"Disputes accuracy\"}".getBytes(), "application/json",
                    ANY_VERSION));
            case "objection" -> version(vault.send(COMPLIANCE, "PUT", path + "/objections/profiling",
                    "{\"objected\": true, \"reason\": \"Does not want profiling\"}".getBytes(), "application/json", ANY_VERSION));
            default -> version(vault.send(COMPLIANCE, "PUT", path + "/consents/newsletter",
                    "{\"granted\": false, \"noticeVersion\": \"v1\"}".getBytes(), "application/json", ANY_VERSION));
        };
    }

    /** The version a change left the customer at: the number in its ETag. */
    private static String version(Response changed) {
        assertThat(changed.status()).as(changed.body()).isIn(200, 202);
        return changed.header("ETag").replace("\"", "");
    }

    private static Response answer(String path, String type, String reference) {
        return vault.post(COMPLIANCE, path + "/answer", "{\"evidence\": {\"type\": \"" + type + "\", \"reference\": \""
                + reference.replace("\"", "\\\"") + "\"}}");
    }

    /** A refused answer leaves the request as it was: in progress, without evidence, no step added. */
    private static void assertNothingStored(String path) {
        JsonNode detail = vault.get(COMPLIANCE, path).json();
        assertThat(detail.at("/request/status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(detail.path("evidence").isMissingNode() || detail.path("evidence").isNull()).isTrue();
        assertThat(detail.get("history")).hasSize(3);
    }

    private static String created(String body) {
        Response created = vault.post(COMPLIANCE, REQUESTS, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.location();
    }

    private static long rows() {
        return vault.jdbc().queryForObject("SELECT count(*) FROM data_subject_request", Long.class);
    }

    private static void assertConflict(Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(409);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asText()).contains(detail);
    }

    private static void assertRefused(Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        response.json().get("errors").forEach(error -> fields.add(error.get("field").asText()));
        assertThat(fields).contains(field);
    }
}
