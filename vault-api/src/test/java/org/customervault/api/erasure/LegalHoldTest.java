package org.customervault.api.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.customervault.api.support.Seeder;
import org.customervault.domain.customer.CustomerErasedException;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.LegalHoldException;
import org.customervault.domain.customer.api.ErasureCertificate;
import org.customervault.domain.customer.api.PlaceLegalHoldCommand;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.customervault.projections.compliance.ErasureLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A legal hold stops erasure before anything of it is written, also against an erasure started at the same moment. */
class LegalHoldTest {

    private static final int RACES = 150;

    @TempDir
    Path root;

    private final Canaries canaries = new Canaries();

    @Test
    void aHeldCustomerIsNotErasedUntilTheHoldIsReleased() throws Exception {
        Path dataDir = root.resolve("data");
        Path log = root.resolve("vault.log");
        String reason = canaries.next("hold-reason");
        try (RunningVault vault = RunningVault.start(dataDir, Map.of("logging.file.name", log))) {
            String id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Held Customer\"}").json().get("id").asText();
            String path = "/api/v1/customers/" + id;
            assertThat(vault.get(AGENT, path).json().get("legalHold").asBoolean()).isFalse();

            assertThat(vault.put(AGENT, path + "/legal-hold", "{\"held\": true}").status()).isEqualTo(403);
            assertThat(vault.put(COMPLIANCE, path + "/legal-hold", "{\"reason\": \"x\"}").status()).isEqualTo(400);
            assertThat(vault.put(COMPLIANCE, path + "/legal-hold", "{\"held\": true, \"reason\": \"<b>x</b>\"}").status())
                    .isEqualTo(400);
            assertThat(vault.send(COMPLIANCE, "PUT", path + "/legal-hold", "{\"held\": true}", "text/plain").status())
                    .isEqualTo(415);
            Response placed = vault.put(COMPLIANCE, path + "/legal-hold",
                    "{\"held\": true, \"reason\": \"" + reason + "\"}");
            assertThat(placed.status()).as(placed.body()).isEqualTo(200);
            assertThat(placed.json().get("legalHold").asBoolean()).isTrue();
            assertThat(vault.get(AGENT, path).json().get("legalHold").asBoolean()).isTrue();

            long events = eventCount(vault);
            Response refused = vault.send(COMPLIANCE, "DELETE", path, null, null);
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("type").asText()).isEqualTo("urn:customer-vault:problem:legal-hold");
            assertThat(refused.body()).doesNotContain(reason);
            assertThat(eventCount(vault)).as("nothing recorded").isEqualTo(events);
            assertThat(vault.bean(ErasureLedger.class).find(CustomerId.of(id))).as("no ledger row").isEmpty();
            assertThat(vault.get(AGENT, path).status()).isEqualTo(200);

            JsonNode history = vault.get(COMPLIANCE, "/api/v1/compliance/customers/" + id + "/history").json();
            assertThat(history.toString()).contains("\"LegalHoldPlaced\"", reason);
            assertThat(history.at("/stateAsOf/legalHold").asBoolean()).isTrue();

            Response released = vault.put(ADMIN, path + "/legal-hold", "{\"held\": false}");
            assertThat(released.status()).as(released.body()).isEqualTo(200);
            assertThat(released.json().get("legalHold").asBoolean()).isFalse();
            Response erased = vault.send(COMPLIANCE, "DELETE", path, null, null);
            assertThat(erased.status()).as(erased.body()).isEqualTo(200);
            assertThat(vault.put(COMPLIANCE, path + "/legal-hold", "{\"held\": true}").status())
                    .as("no hold on an erased customer").isEqualTo(410);

            history = vault.get(COMPLIANCE, "/api/v1/compliance/customers/" + id + "/history").json();
            assertThat(history.toString()).contains("\"LegalHoldPlaced\"", "\"LegalHoldReleased\"", "CustomerErased")
                    .doesNotContain(reason);
            vault.superuserJdbc().execute("CHECKPOINT");
        }
        List<Path> written = new ArrayList<>(Canaries.filesUnder(dataDir));
        written.add(log);
        assertThat(canaries.findIn(written)).as("the hold's reason found in plaintext").isEmpty();
    }

    /**
     * Holds and erasures of the same customers at the same moment: each customer ends either held and whole,
     * with no ledger row, or erased with a completed certificate and no hold, never held and erased.
     */
    @Test
    void aHoldPlacedDuringAnErasureEitherWinsOrIsRefused() throws Exception {
        try (RunningVault vault = RunningVault.start(root.resolve("race"))) {
            List<CustomerId> customers = Seeder.register(vault, RACES, (id, n) -> new RegisterCustomerCommand(id,
                    "Raced " + n, null, null, null, null, null, null));
            ErasureProcess erasure = vault.bean(ErasureProcess.class);
            CommandGateway commands = vault.bean(CommandGateway.class);
            ErasureLedger ledger = vault.bean(ErasureLedger.class);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> holds = new ArrayList<>();
                List<Future<Boolean>> erasures = new ArrayList<>();
                for (CustomerId customer : customers) {
                    CountDownLatch start = new CountDownLatch(2);
                    long headStartOfTheErasure = ThreadLocalRandom.current().nextLong(0, 20);
                    holds.add(pool.submit(() -> {
                        start.countDown();
                        start.await();
                        // the erasure takes several steps; a random head start spreads the outcomes
                        Thread.sleep(headStartOfTheErasure);
                        try {
                            commands.sendAndWait(new PlaceLegalHoldCommand(customer, "raced"));
                            return true;
                        } catch (CustomerErasedException tooLate) {
                            return false;
                        }
                    }));
                    erasures.add(pool.submit(() -> {
                        start.countDown();
                        start.await();
                        try {
                            return erasure.erase(customer, COMPLIANCE).completed();
                        } catch (RuntimeException failure) {
                            if (LegalHoldException.isCauseOf(failure)) {
                                return false;
                            }
                            throw failure;
                        }
                    }));
                }
                int held = 0;
                for (int i = 0; i < customers.size(); i++) {
                    CustomerId customer = customers.get(i);
                    boolean hold = holds.get(i).get();
                    boolean erased = erasures.get(i).get();
                    assertThat(hold ^ erased).as("customer %s held %s, erased %s", customer, hold, erased).isTrue();
                    if (hold) {
                        held++;
                        assertThat(ledger.find(customer)).as("no ledger row for a held customer").isEmpty();
                        assertThat(vault.get(AGENT, "/api/v1/customers/" + customer.value()).status()).isEqualTo(200);
                    } else {
                        assertThat(ledger.find(customer)).get().extracting(ErasureCertificate::completed).isEqualTo(true);
                    }
                }
                // which side wins depends on the machine's load (on a busy one the hold, a single command,
                // nearly always does); the promise is the exclusive outcome above, checked for every customer
                assertThat(held).isBetween(0, RACES);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** A crash after the ledger row and before the erasure's event, then a hold: the next start withdraws the row. */
    @Test
    void anInterruptedErasureOfACustomerHeldMeanwhileIsWithdrawn() throws Exception {
        try (RunningVault vault = RunningVault.start(root.resolve("crash"))) {
            CustomerId customer = Seeder.register(vault, 1, (id, n) -> new RegisterCustomerCommand(id,
                    "Interrupted", null, null, null, null, null, null)).get(0);
            ErasureLedger ledger = vault.bean(ErasureLedger.class);
            ledger.begin(customer, COMPLIANCE, Instant.now());
            vault.bean(CommandGateway.class).sendAndWait(new PlaceLegalHoldCommand(customer, "arrived in between"));

            vault.bean(ErasureProcess.class).finishPendingErasures();

            assertThat(ledger.find(customer)).isEmpty();
            assertThat(ledger.pending()).doesNotContain(customer);
            assertThat(vault.get(AGENT, "/api/v1/customers/" + customer.value()).json().get("legalHold").asBoolean())
                    .isTrue();
            assertThatThrownBy(() -> vault.bean(ErasureProcess.class).erase(customer, COMPLIANCE))
                    .matches(LegalHoldException::isCauseOf);
        }
    }

    private static long eventCount(RunningVault vault) {
        return vault.jdbc().queryForObject("SELECT count(*) FROM domainevententry", Long.class);
    }
}
