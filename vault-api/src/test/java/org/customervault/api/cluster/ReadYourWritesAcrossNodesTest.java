package org.customervault.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.AGENT;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.axonframework.eventhandling.Segment;
import org.customervault.api.support.RunningVault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write on one node whose customer view is projected by the other node answers with what it
 * wrote: the projecting node's notice reaches the writing node through PostgreSQL (the writing node
 * does not look again before its timeout, so a notice that did not cross would fail it). The second node
 * connects to the first one's database by URL, as an external database is connected to.
 */
class ReadYourWritesAcrossNodesTest {

    private static final Duration SEGMENTS_SHARED_WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path root;

    @Test
    void aWriteOnOneNodeWhoseViewTheOtherProjectsAnswersWithItsData() {
        Path masterKey = root.resolve("shared-keys").resolve("master.key");
        // node A reads the view's version itself only once per write, before it waits: what wakes it is B's notice
        try (RunningVault nodeA = RunningVault.start(root.resolve("a"), Map.of("vault.keys.master-key-file", masterKey,
                "vault.consistency.recheck-interval", "1m"))) {
            try (RunningVault nodeB = RunningVault.start(root.resolve("b"), nodeA.anotherNode(masterKey, Map.of()))) {
                String nodeBId = nodeB.bean(ClusterConfiguration.VaultNode.class).id();
                await().atMost(SEGMENTS_SHARED_WITHIN).pollInterval(Duration.ofMillis(250)).until(() -> nodeA.jdbc()
                        .queryForObject("SELECT count(DISTINCT owner) FROM tokenentry WHERE processorname = 'customer-view'",
                                Integer.class) == 2);
                int segmentOfB = nodeA.jdbc().queryForObject(
                        "SELECT segment FROM tokenentry WHERE processorname = 'customer-view' AND owner = ?",
                        Integer.class, nodeBId);
                // two segments (the default): a customer's events go to the segment its id's hash names
                Segment projectedByB = Segment.computeSegment(segmentOfB, 0, 1);

                String id = null;
                for (int attempt = 0; attempt < 32 && id == null; attempt++) {
                    RunningVault.Response created = nodeA.post(AGENT, "/api/v1/customers",
                            "{\"fullName\": \"Proyectada En B\", \"email\": \"elsewhere@example.com\"}");
                    assertThat(created.status()).isEqualTo(201);
                    String candidate = created.json().get("id").asText();
                    RunningVault.Response read = nodeA.get(AGENT, "/api/v1/customers/" + candidate);
                    assertThat(read.status()).as("a registration on A is readable on A at once").isEqualTo(200);
                    assertThat(read.json().get("fullName").asText()).isEqualTo("Proyectada En B");
                    if (projectedByB.matches(candidate)) {
                        id = candidate;
                    }
                }
                assertThat(id).as("a customer of node B's segment").isNotNull();

                RunningVault.Response rectified = nodeA.patch(AGENT, "/api/v1/customers/" + id,
                        "{\"phone\": \"+5491155556666\"}");
                assertThat(rectified.status()).isEqualTo(200);
                assertThat(rectified.json().get("phone").asText()).isEqualTo("+5491155556666");
                assertThat(nodeA.jdbc().queryForObject(
                        "SELECT owner FROM tokenentry WHERE processorname = 'customer-view' AND segment = ?",
                        String.class, segmentOfB)).as("node B projected it").isEqualTo(nodeBId);
            }
        }
    }
}
