package org.customervault.api.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.commandhandling.gateway.CommandGateway;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.customervault.api.support.Jws;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.PlaceLegalHoldCommand;
import org.customervault.domain.customer.api.RecordInteractionCommand;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.customervault.domain.customer.api.ReleaseLegalHoldCommand;
import org.customervault.domain.customer.api.RestrictProcessingCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention against two running nodes on one database: what falls due is erased once, through the erasure
 * process, with a signed certificate naming the policy; an active customer and a held one are not; the runs
 * are recorded and never overlap.
 */
class RetentionTest {

    private static final Map<String, Object> DORMANT_AFTER_TWO_SECONDS = Map.of(
            "vault.retention.policies[0].name", "dormant",
            "vault.retention.policies[0].inactive-for", "PT2S",
            "vault.retention.run-every", "PT1S");

    @TempDir
    Path root;

    @Test
    void theScheduledRunErasesTheInactiveAndSparesTheActiveAndTheHeld() throws Exception {
        Path masterKey = root.resolve("shared-keys").resolve("master.key");
        Map<String, Object> first = new HashMap<>(DORMANT_AFTER_TWO_SECONDS);
        first.put("vault.keys.master-key-file", masterKey);
        try (RunningVault nodeA = RunningVault.start(root.resolve("a"), first);
             RunningVault nodeB = RunningVault.start(root.resolve("b"), nodeA.anotherNode(masterKey, DORMANT_AFTER_TWO_SECONDS))) {
            // commands rather than requests: a request waits for the read models, which lag while the second node
            // takes its share of the processors, and a wait of two seconds would let these customers fall due
            CommandGateway commandsOfA = nodeA.bean(CommandGateway.class);
            CommandGateway commandsOfB = nodeB.bean(CommandGateway.class);
            CustomerId heldId = CustomerId.newId();
            commandsOfA.sendAndWait(new RegisterCustomerCommand(heldId, "Held Customer", null, null, null, null, null, null));
            commandsOfA.sendAndWait(new PlaceLegalHoldCommand(heldId, "Court order 2026-114"));
            String held = heldId.value();
            CustomerId restrictedId = CustomerId.newId();
            commandsOfA.sendAndWait(new RegisterCustomerCommand(restrictedId, "Restricted Customer", null, null, null,
                    null, null, null));
            commandsOfA.sendAndWait(new RestrictProcessingCommand(restrictedId, "Contests the data"));
            String restricted = restrictedId.value();
            // held until its request is recorded, so that no run erases it first; a release is no activity
            CustomerId askingId = CustomerId.newId();
            commandsOfA.sendAndWait(new RegisterCustomerCommand(askingId, "Asking Customer", null, null, null, null, null,
                    null));
            commandsOfA.sendAndWait(new PlaceLegalHoldCommand(askingId, "Until the request is recorded"));
            String asking = askingId.value();
            Response request = nodeA.post(COMPLIANCE, "/api/v1/compliance/requests", "{\"subjectId\": \"" + asking
                    + "\", \"kind\": \"access\", \"jurisdiction\": \"EU\", \"channel\": \"EMAIL\", \"receivedAt\": \""
                    + Instant.now() + "\"}");
            assertThat(request.status()).as(request.body()).isEqualTo(201);
            commandsOfA.sendAndWait(new ReleaseLegalHoldCommand(askingId));
            CustomerId activeId = CustomerId.newId();
            commandsOfB.sendAndWait(new RegisterCustomerCommand(activeId, "Active Customer", null, null, null, null, null, null));
            String active = activeId.value();
            ScheduledExecutorService activity = Executors.newSingleThreadScheduledExecutor();
            String inactive;
            try {
                activity.scheduleWithFixedDelay(() -> commandsOfB.sendAndWait(new RecordInteractionCommand(activeId,
                        UUID.randomUUID().toString(), Channel.PHONE, "Still a customer", Instant.now().minusMillis(100))),
                        0, 300, TimeUnit.MILLISECONDS);
                inactive = register(nodeA, "Dormant Customer");

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(nodeA.get(AGENT, "/api/v1/customers/" + inactive).status()).isEqualTo(410));
                JsonNode certificate = nodeB.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + inactive, null, null).json();
                assertThat(certificate.get("requestedBy").asText()).isEqualTo("retention:dormant");
                assertThat(certificate.get("status").asText()).isEqualTo("COMPLETED");
                String pem = nodeA.get(COMPLIANCE, "/api/v1/compliance/signing-key").json().get("pem").asText();
                Jws jws = Jws.parse(certificate.get("signature").asText());
                assertThat(jws.verifiesWithPem(pem)).as("the policy's certificate is signed").isTrue();
                assertThat(jws.payloadJson().get("requestedBy").asText()).isEqualTo("retention:dormant");

                long runsBefore = finishedRuns(nodeA);
                await().atMost(Duration.ofSeconds(60)).until(() -> finishedRuns(nodeA) >= runsBefore + 3);
            } finally {
                activity.shutdownNow();
                activity.awaitTermination(10, TimeUnit.SECONDS);
            }
            JsonNode heldView = nodeA.get(AGENT, "/api/v1/customers/" + held).json();
            assertThat(heldView.get("legalHold").asBoolean()).as("the held customer is kept").isTrue();
            assertThat(nodeB.get(AGENT, "/api/v1/customers/" + active).status()).as("the active one is kept").isEqualTo(200);
            assertThat(nodeA.get(AGENT, "/api/v1/customers/" + asking).status())
                    .as("one with an open request is kept").isEqualTo(200);
            assertThat(nodeA.get(COMPLIANCE, "/api/v1/customers/" + restricted).status())
                    .as("a restricted one is kept (GDPR Art. 18(2))").isEqualTo(200);

            Response preview = nodeA.get(COMPLIANCE, "/api/v1/compliance/retention");
            assertThat(preview.status()).as(preview.body()).isEqualTo(200);
            JsonNode policy = preview.json().at("/policies/0");
            assertThat(policy.get("name").asText()).isEqualTo("dormant");
            assertThat(policy.get("inactiveFor").asText()).isEqualTo("PT2S");
            assertThat(policy.get("heldCustomerIds").toString()).contains(held);
            assertThat(policy.get("heldCount").asLong()).isEqualTo(1);
            assertThat(policy.get("customerIds").toString()).doesNotContain(held, inactive, asking);
            assertThat(policy.get("openRequestCustomerIds").toString()).contains(asking);
            assertThat(policy.get("openRequestCount").asLong()).isEqualTo(1);
            assertThat(policy.get("restrictedCustomerIds").toString()).contains(restricted);
            assertThat(policy.get("customerIds").toString()).doesNotContain(restricted);
            assertThat(preview.body()).doesNotContain("Held Customer", "Court order");
            assertThat(preview.json().get("runs").size()).isPositive();
            assertThat(preview.json().at("/runs/0/policy").asText()).isEqualTo("dormant");
            assertThat(nodeB.get(ADMIN, "/api/v1/compliance/retention").status()).isEqualTo(200);
            assertThat(nodeB.get(AGENT, "/api/v1/compliance/retention").status()).isEqualTo(403);

            assertThat(nodeA.jdbc().queryForObject("SELECT sum(erased) FROM retention_run", Long.class))
                    .as("erased once, by one run of one node").isEqualTo(1);
            assertThat(nodeA.jdbc().queryForObject("SELECT count(*) FROM retention_run WHERE held > 0", Long.class))
                    .as("runs that skipped the held customer").isPositive();
            assertThat(nodeA.jdbc().queryForObject("SELECT count(*) FROM retention_run WHERE open_requests > 0",
                    Long.class)).as("runs that kept the customer with an open request").isPositive();
            assertThat(nodeA.jdbc().queryForObject("SELECT count(*) FROM retention_run WHERE restricted > 0",
                    Long.class)).as("runs that kept the restricted customer").isPositive();
            List<Map<String, Object>> runs = nodeA.jdbc().queryForList(
                    "SELECT started_at, finished_at FROM retention_run WHERE finished_at IS NOT NULL ORDER BY started_at");
            for (int i = 1; i < runs.size(); i++) {
                Instant previousStart = ((Timestamp) runs.get(i - 1).get("started_at")).toInstant();
                Instant previousEnd = ((Timestamp) runs.get(i - 1).get("finished_at")).toInstant();
                Instant start = ((Timestamp) runs.get(i).get("started_at")).toInstant();
                assertThat(start).as("run %s began after run %s ended: one node at a time", i, i - 1)
                        .isAfterOrEqualTo(previousEnd);
                assertThat(start).as("run %s began a run-every after run %s: one run per period, not one per node", i, i - 1)
                        .isAfterOrEqualTo(previousStart.plusSeconds(1));
            }
        }
    }

    private static String register(RunningVault vault, String name) {
        return vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"" + name + "\"}").json().get("id").asText();
    }

    private static long finishedRuns(RunningVault vault) {
        return vault.jdbc().queryForObject("SELECT count(*) FROM retention_run WHERE finished_at IS NOT NULL", Long.class);
    }
}
