package org.customervault.api.subjectrequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.RunningVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A closed request that names no customer loses its requester once kept long enough; one that names a
 * customer, or is still open, keeps it; and the shredding itself leaks nothing.
 */
class RequesterShreddingTest {

    private static final String REQUESTS = "/api/v1/compliance/requests";

    @TempDir
    static Path root;

    private static RunningVault vault;

    private final Canaries canaries = new Canaries();

    @BeforeAll
    static void start() {
        vault = RunningVault.start(root.resolve("data"), Map.of("logging.file.name", root.resolve("vault.log"),
                "vault.requests.requester-kept-for", "PT1S", "vault.requests.shred-every", "200ms"));
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void aClosedRequestWithoutCustomerIsShreddedAndOnlyIt() throws Exception {
        String customer = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"" + canaries.next("name") + "\"}")
                .json().get("id").asText();
        String withCustomer = created("{\"subjectId\": \"" + customer + "\", " + requesterAndNotes());
        refuse(withCustomer);
        String open = created("{" + requesterAndNotes());
        String answered = created("{" + requesterAndNotes());
        assertThat(vault.post(COMPLIANCE, answered + "/verification", "{\"method\": \"EMAIL_CONFIRMATION\"}").status())
                .isEqualTo(200);
        assertThat(vault.post(COMPLIANCE, answered + "/start", null).status()).isEqualTo(200);
        assertThat(vault.post(COMPLIANCE, answered + "/answer",
                "{\"evidence\": {\"type\": \"LETTER\", \"reference\": \"letter-2026-114\"}}").status()).isEqualTo(200);
        String refused = created("{" + requesterAndNotes());
        JsonNode before = vault.get(COMPLIANCE, refused).json();
        refuse(refused);
        assertThat(vault.get(COMPLIANCE, refused).json().at("/requester/name").asText()).startsWith("cnry");

        for (String shredded : List.of(refused, answered)) {
            JsonNode after = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> vault.get(COMPLIANCE, shredded).json(), read -> hasStep(read, "shredded"));
            assertThat(after.at("/requester/name").asText()).isEqualTo("erased");
            assertThat(after.at("/requester/email").asText()).isEqualTo("erased");
            assertThat(after.get("notes").asText()).isEqualTo("erased");
            JsonNode step = after.get("history").get(after.get("history").size() - 1);
            assertThat(step.get("action").asText()).isEqualTo("shredded");
            assertThat(step.get("actor").asText()).isEqualTo(RequesterShredding.ACTOR);
            assertThat(Instant.parse(step.get("at").asText())).isAfter(Instant.parse(after.get("closedAt").asText()));
            String keySubject = "request:" + shredded.substring(shredded.lastIndexOf('/') + 1);
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM subject_key WHERE subject_id = ?", Long.class,
                    keySubject)).as("the key itself is gone").isZero();
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM erasure_fence WHERE subject_id = ?",
                    Long.class, keySubject)).as("and fenced").isEqualTo(1);
            assertThat(Files.readString(root.resolve("data").resolve("keys").resolve("erasure-fence")))
                    .as("fenced where a restore of the database cannot bring the key back").contains(" " + keySubject + " ");
        }
        JsonNode shredded = vault.get(COMPLIANCE, refused).json();
        assertThat(shredded.get("refusalReason").asText()).isEqualTo("erased");
        assertThat(shredded.at("/request/status").asText()).isEqualTo("REFUSED");
        assertThat(shredded.at("/request/kind").asText()).isEqualTo("access");
        assertThat(shredded.at("/request/dueOn").asText()).isEqualTo(before.at("/request/dueOn").asText());
        assertThat(shredded.at("/request/receivedAt").asText()).isEqualTo(before.at("/request/receivedAt").asText());
        assertThat(vault.get(COMPLIANCE, answered).json().at("/evidence/type").asText()).isEqualTo("LETTER");

        for (String untouched : List.of(withCustomer, open)) {
            JsonNode read = vault.get(COMPLIANCE, untouched).json();
            assertThat(read.at("/requester/name").asText()).as(untouched).startsWith("cnry");
            assertThat(read.get("notes").asText()).as(untouched).startsWith("cnry");
            assertThat(hasStep(read, "shredded")).as(untouched).isFalse();
        }
        assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM data_subject_request_event WHERE action = 'shredded'"
                + " AND request_id IN (SELECT id FROM data_subject_request WHERE subject_id IS NOT NULL"
                + " OR status NOT IN ('ANSWERED', 'REFUSED'))", Long.class)).isZero();

        assertThat(vault.get(RunningVault.ADMIN, "/actuator/prometheus").body())
                .containsPattern("vault_requests_requester_shredded_requests_total\\{[^}]*outcome=\"shredded\"[^}]*} [1-9]");
        String log = Files.readString(root.resolve("vault.log"));
        assertThat(log).contains("requesters of closed requests kept for PT1S:");
        vault.superuserJdbc().execute("CHECKPOINT");
        List<Path> written = new ArrayList<>(Canaries.filesUnder(root.resolve("data")));
        written.add(root.resolve("vault.log"));
        assertThat(canaries.findIn(written)).as("canaries found in plaintext or hex").isEmpty();
    }

    @Test
    void theHistoryOnlyEverGainsOneShreddedStep() {
        String refused = created("{" + requesterAndNotes());
        refuse(refused);
        await().atMost(Duration.ofSeconds(30)).until(() -> hasStep(vault.get(COMPLIANCE, refused).json(), "shredded"));
        String id = refused.substring(refused.lastIndexOf('/') + 1);

        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM data_subject_request_event WHERE action = 'shredded'"
                + " AND request_id = ?::UUID", Long.class, id)).as("later sweeps find nothing left to do").isEqualTo(1);
    }

    private String requesterAndNotes() {
        return "\"kind\": \"access\", \"jurisdiction\": \"EU\", \"channel\": \"EMAIL\", \"receivedAt\": \""
                + Instant.now().minusSeconds(60) + "\", \"requester\": {\"name\": \"" + canaries.next("name")
                + "\", \"email\": \"" + canaries.next("mail") + "@example.com\"}, \"notes\": \"" + canaries.next("notes")
                + "\"}";
    }

    private void refuse(String path) {
        assertThat(vault.post(COMPLIANCE, path + "/refusal", "{\"reason\": \"" + canaries.next("reason") + "\"}").status())
                .isEqualTo(200);
    }

    private static boolean hasStep(JsonNode read, String action) {
        for (JsonNode step : read.get("history")) {
            if (step.get("action").asText().equals(action)) {
                return true;
            }
        }
        return false;
    }

    private static String created(String body) {
        RunningVault.Response created = vault.post(COMPLIANCE, REQUESTS, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.location();
    }
}
