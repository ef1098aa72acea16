package org.customervault.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.customervault.api.support.RunningVault;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.SubjectErasedException;
import org.customervault.domain.crypto.SubjectKeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two vault nodes, each its own application context, on one PostgreSQL: a customer registered on
 * one node is read and changed on the other (also when the first still keeps an older state of the
 * customer in memory), and an erasure on one node has made the other drop the customer's key and the
 * customer itself from its memory by the time the erasure call returns.
 */
class TwoNodesTest {

    private static final Duration SEGMENTS_SHARED_WITHIN = Duration.ofSeconds(40);
    private static final Pattern ENVELOPE = Pattern.compile("cv2:([^:\"]+):(\\d+):");

    @TempDir
    Path root;

    @Test
    void anErasureOnOneNodeEvictsTheKeyOnTheOtherBeforeItReturns() {
        Path masterKey = root.resolve("shared-keys").resolve("master.key");
        try (RunningVault nodeA = RunningVault.start(root.resolve("a"), Map.of("vault.keys.master-key-file", masterKey))) {
            try (RunningVault nodeB = RunningVault.start(root.resolve("b"), nodeA.anotherNode(masterKey, Map.of()))) {
                String id = nodeA.post(AGENT, "/api/v1/customers",
                        "{\"fullName\": \"Nodo Compartido\", \"email\": \"shared@example.com\"}").json().get("id").asText();
                assertThat(nodeB.get(AGENT, "/api/v1/customers/" + id).json().get("email").asText()).isEqualTo("shared@example.com");
                assertThat(nodeB.patch(AGENT, "/api/v1/customers/" + id, "{\"phone\": \"+5491144443333\"}").status())
                        .as("a command works on any node").isEqualTo(200);
                assertThat(nodeA.get(AGENT, "/api/v1/customers/" + id).json().get("phone").asText()).isEqualTo("+5491144443333");
                assertThat(nodeA.patch(AGENT, "/api/v1/customers/" + id, "{\"email\": \"shared.a@example.com\"}").status())
                        .as("node A's customer in memory predates B's change; A reads the newer history").isEqualTo(200);
                JsonNode changedOnBoth = nodeB.get(AGENT, "/api/v1/customers/" + id).json();
                assertThat(changedOnBoth.get("phone").asText()).isEqualTo("+5491144443333");
                assertThat(changedOnBoth.get("email").asText()).isEqualTo("shared.a@example.com");
                Cache customersOfA = nodeA.bean(Cache.class);
                assertThat(customersOfA.containsKey(id)).isTrue();

                Matcher envelope = ENVELOPE.matcher(new String(nodeA.jdbc().queryForObject(
                        "SELECT payload FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber LIMIT 1",
                        byte[].class, id), StandardCharsets.UTF_8));
                assertThat(envelope.find()).isTrue();
                SubjectKeyStore keysOfA = nodeA.bean(SubjectKeyStore.class);
                DataKey cached = keysOfA.keyForReading(id, envelope.group(1), Integer.parseInt(envelope.group(2)));
                assertThat(cached).isNotNull();

                assertThat(nodeB.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + id, null, null).status()).isEqualTo(200);

                assertThatThrownBy(() -> keysOfA.keyForReading(id, cached.keyId(), cached.version()))
                        .as("node A dropped the key before node B's erasure returned")
                        .isInstanceOf(SubjectErasedException.class);
                assertThat(customersOfA.containsKey(id)).as("node A no longer keeps the customer in memory").isFalse();
                assertThat(nodeA.get(AGENT, "/api/v1/customers/" + id).status()).isEqualTo(410);
                assertThat(nodeA.jdbc().queryForList("SELECT node_id FROM key_eviction WHERE subject_id = ?", String.class, id))
                        .hasSizeGreaterThanOrEqualTo(1);

                await().atMost(SEGMENTS_SHARED_WITHIN).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertThat(ownersOfTheViewsSegments(nodeA))
                                .as("the two nodes share the customer view's segments").hasSize(2));

                long rows = nodeA.jdbc().queryForObject("SELECT count(*) FROM customer_view", Long.class);
                RunningVault.Response rebuild = nodeA.post(ADMIN, "/api/v1/admin/projections/rebuild", null);
                assertThat(rebuild.status()).as(rebuild.body()).isEqualTo(409);
                assertThat(rebuild.json().get("detail").asText()).contains("Another node works on the read models");
                assertThat(nodeA.jdbc().queryForObject("SELECT count(*) FROM customer_view", Long.class))
                        .as("neither read model was emptied").isEqualTo(rows);
                EventProcessingConfiguration processorsOfA = nodeA.bean(EventProcessingConfiguration.class);
                for (String name : List.of("customer-view", "customer-timeline")) {
                    assertThat(processorsOfA.eventProcessor(name, TrackingEventProcessor.class).orElseThrow().isRunning())
                            .as("node A restarted " + name).isTrue();
                }
                String after = nodeA.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Tras el rechazo\"}")
                        .json().get("id").asText();
                await().atMost(SEGMENTS_SHARED_WITHIN).untilAsserted(() -> assertThat(nodeB.get(AGENT,
                        "/api/v1/customers?q=rechazo").json().get("items")).as("node A's processors run again").hasSize(1));
                assertThat(nodeB.get(AGENT, "/api/v1/customers/" + after + "/timeline").status()).isEqualTo(200);
                await().atMost(SEGMENTS_SHARED_WITHIN).untilAsserted(() -> assertThat(nodeB.get(ADMIN,
                        "/api/v1/admin/projections").json().findValuesAsText("status")).containsOnly("CAUGHT_UP"));
            }
        }
    }

    private static Set<String> ownersOfTheViewsSegments(RunningVault node) {
        return Set.copyOf(node.jdbc().queryForList(
                "SELECT owner FROM tokenentry WHERE processorname = 'customer-view' AND owner IS NOT NULL", String.class));
    }
}
