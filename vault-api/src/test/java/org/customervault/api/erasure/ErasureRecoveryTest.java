package org.customervault.api.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An erasure that fails at any one of its steps (a crash, a database that refuses) is left pending,
 * never half done, and the next start of the vault finishes it. Each step is made to fail once by
 * the database itself (a trigger or a missing table), or by a directory in the place of the fence
 * file, removed before the restart.
 */
class ErasureRecoveryTest {

    private static final String FAILING_FUNCTION = """
            CREATE FUNCTION injected_failure() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'injected failure'; END; $$""";

    record Fault(String step, String inject, String remove) {
        @Override
        public String toString() {
            return step;
        }
    }

    static Stream<Fault> faults() {
        return Stream.of(
                new Fault("recording the request as an event",
                        "CREATE TRIGGER injected BEFORE INSERT ON domainevententry FOR EACH ROW"
                                + " WHEN (NEW.payloadtype LIKE '%CustomerErasureRequestedEvent') EXECUTE FUNCTION injected_failure()",
                        "DROP TRIGGER injected ON domainevententry"),
                new Fault("destroying the key and setting the fence",
                        "ALTER TABLE erasure_fence RENAME TO erasure_fence_unreachable",
                        "ALTER TABLE erasure_fence_unreachable RENAME TO erasure_fence"),
                new Fault("purging the read models",
                        "ALTER TABLE customer_timeline RENAME TO customer_timeline_unreachable",
                        "ALTER TABLE customer_timeline_unreachable RENAME TO customer_timeline"),
                new Fault("recording the erasure as an event",
                        "CREATE TRIGGER injected BEFORE INSERT ON domainevententry FOR EACH ROW"
                                + " WHEN (NEW.payloadtype LIKE '%CustomerErasedEvent') EXECUTE FUNCTION injected_failure()",
                        "DROP TRIGGER injected ON domainevententry"),
                new Fault("completing the certificate",
                        "CREATE TRIGGER injected BEFORE UPDATE ON erasure_ledger FOR EACH ROW EXECUTE FUNCTION injected_failure()",
                        "DROP TRIGGER injected ON erasure_ledger"));
    }

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "a failure while {0}")
    @MethodSource("faults")
    void anInterruptedErasureIsFinishedOnTheNextStart(Fault fault) {
        String id;
        try (RunningVault vault = RunningVault.start(dataDir)) {
            id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Interrupted Customer\", \"email\": \"i@example.com\"}")
                    .json().get("id").asText();
            vault.post(AGENT, "/api/v1/customers/" + id + "/interactions",
                    "{\"channel\": \"CHAT\", \"summary\": \"hola\", \"occurredAt\": \"2026-01-01T00:00:00Z\"}");
            vault.jdbc().execute(FAILING_FUNCTION);
            vault.jdbc().execute(fault.inject());

            Response failed = vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + id, null, null);

            assertThat(failed.status()).as(failed.body()).isGreaterThanOrEqualTo(500);
            assertThat(vault.jdbc().queryForObject("SELECT status FROM erasure_ledger WHERE subject_id = ?::uuid",
                    String.class, id)).isEqualTo("PENDING");
            vault.jdbc().execute(fault.remove());
        }

        try (RunningVault restarted = RunningVault.start(dataDir)) {
            assertThat(restarted.get(COMPLIANCE, "/api/v1/customers/" + id).status()).isEqualTo(410);
            assertThat(restarted.jdbc().queryForObject("SELECT status FROM erasure_ledger WHERE subject_id = ?::uuid",
                    String.class, id)).isEqualTo("COMPLETED");
            assertThat(count(restarted, "SELECT count(*) FROM subject_key WHERE subject_id = ?", id)).isZero();
            assertThat(count(restarted, "SELECT count(*) FROM erasure_fence WHERE subject_id = ?", id)).isEqualTo(1);
            assertThat(count(restarted, "SELECT count(*) FROM customer_view WHERE customer_id = ?::uuid", id)).isZero();
            assertThat(count(restarted, "SELECT count(*) FROM customer_timeline WHERE customer_id = ?::uuid", id)).isZero();
            assertThat(count(restarted, "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?"
                    + " AND payloadtype LIKE '%CustomerErasureRequestedEvent'", id)).isEqualTo(1);
            assertThat(count(restarted, "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?"
                    + " AND payloadtype LIKE '%CustomerErasedEvent'", id)).isEqualTo(1);
            Response again = restarted.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + id, null, null);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().get("status").asText()).isEqualTo("COMPLETED");
        }
    }

    /**
     * The fence file is written before the certificate is completed: an erasure that cannot write it
     * is not reported done, and the next start writes it and completes the certificate.
     */
    @Test
    void anErasureIsNotDoneUntilTheFenceFileHoldsIt() throws Exception {
        Path fenceFile = dataDir.resolve("keys").resolve("erasure-fence");
        Path aside = dataDir.resolve("erasure-fence-aside");
        String id;
        try (RunningVault vault = RunningVault.start(dataDir)) {
            id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Unfenced Customer\", \"email\": \"u@example.com\"}")
                    .json().get("id").asText();
            Files.move(fenceFile, aside);
            Files.createDirectory(fenceFile);

            Response failed = vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + id, null, null);

            assertThat(failed.status()).as(failed.body()).isGreaterThanOrEqualTo(500);
            assertThat(vault.jdbc().queryForObject("SELECT status FROM erasure_ledger WHERE subject_id = ?::uuid",
                    String.class, id)).isEqualTo("PENDING");
            Files.delete(fenceFile);
            Files.move(aside, fenceFile);
        }
        assertThat(Files.readString(fenceFile)).isEmpty();

        try (RunningVault restarted = RunningVault.start(dataDir)) {
            assertThat(restarted.jdbc().queryForObject("SELECT status FROM erasure_ledger WHERE subject_id = ?::uuid",
                    String.class, id)).isEqualTo("COMPLETED");
        }
        assertThat(Files.readAllLines(fenceFile)).singleElement().asString().startsWith("erased " + id + " ");
    }

    private static long count(RunningVault vault, String sql, String id) {
        return vault.jdbc().queryForObject(sql, Long.class, id);
    }
}
