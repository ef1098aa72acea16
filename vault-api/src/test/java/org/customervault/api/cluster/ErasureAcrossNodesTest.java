package org.customervault.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.RunningVault;
import org.customervault.domain.crypto.CacheLease;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.SubjectErasedException;
import org.customervault.domain.crypto.SubjectKeyStore;
import org.customervault.infra.postgres.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL, and an erasure on one while the other cannot hear of it: its
 * listener connection cut just before (it must read the feed when it reconnects, and acknowledge),
 * or its heartbeat stalled for good (it must let its cache lease lapse, and the erasure must wait
 * for that). Either way, once the erasure call returns, the other node serves nothing of the
 * customer, though it held the customer's key in its cache, and the certificate says what each
 * node did.
 */
class ErasureAcrossNodesTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Pattern ENVELOPE = Pattern.compile("cv2:([^:\"]+):(\\d+):");

    @TempDir
    static Path root;
    private static RunningVault nodeA;
    private static RunningVault nodeB;

    @BeforeAll
    static void startTwoNodes() {
        Path masterKey = root.resolve("shared-keys").resolve("master.key");
        Map<String, Object> cluster = Map.of("vault.keys.master-key-file", masterKey,
                "vault.cluster.heartbeat", "200ms", "vault.cluster.cache-lease", LEASE.toMillis() + "ms");
        nodeA = RunningVault.start(root.resolve("a"), with(cluster, Map.of("vault.cluster.node-id", "node-a")));
        EmbeddedPostgresServer postgres = nodeA.bean(EmbeddedPostgresServer.class);
        nodeB = RunningVault.start(root.resolve("b"), with(cluster, Map.of("vault.cluster.node-id", "node-b",
                "spring.datasource.url", postgres.jdbcUrl(),
                "spring.datasource.username", postgres.username(),
                "spring.datasource.password", postgres.password())));
    }

    @AfterAll
    static void stop() {
        nodeB.close();
        nodeA.close();
    }

    @Test
    void aNodeWhoseListenerWasCutReadsTheErasureWhenItReconnectsAndAcknowledgesIt() {
        Canaries canaries = new Canaries();
        String id = registeredAndReadOnB(canaries);
        DataKey cachedOnB = keyCachedOnB(id);

        assertThat(nodeA.superuserJdbc().queryForList("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'vault erasure feed node-b'""",
                Boolean.class)).as("node B's listener connection is cut").containsExactly(true);
        JsonNode certificate = erasedOnA(id, 200);

        assertThat(nodes(certificate)).containsExactly("node-a evicted", "node-b evicted");
        assertNodeBServesNothingOf(id, cachedOnB, canaries);
    }

    @Test
    void aNodeThatCannotProveItIsCurrentFencesItselfAndTheErasureWaitsForThat() throws Exception {
        Canaries canaries = new Canaries();
        String id = registeredAndReadOnB(canaries);
        DataKey cachedOnB = keyCachedOnB(id);
        CacheLease leaseOfB = nodeB.bean(CacheLease.class);
        assertThat(leaseOfB.held()).isTrue();

        try (Connection superuser = nodeA.superuserJdbc().getDataSource().getConnection()) {
            superuser.setAutoCommit(false);
            try (Statement stall = superuser.createStatement()) {
                // node B's heartbeat cannot renew its row: it reads the feed and can commit nothing
                stall.execute("SELECT 1 FROM vault_node WHERE node_id = 'node-b' FOR UPDATE");
            }
            long erasing = System.nanoTime();
            JsonNode certificate = erasedOnA(id, 200);

            assertThat(nodes(certificate)).containsExactly("node-a evicted", "node-b fenced");
            assertThat(Duration.ofNanos(System.nanoTime() - erasing)).as("the erasure waited for node B's lease")
                    .isGreaterThanOrEqualTo(LEASE.dividedBy(2));
            assertThat(leaseOfB.held()).as("node B passes its caches by").isFalse();
            assertThat(nodeB.bean(MeterRegistry.class)
                    .get("vault.cluster.cache.lease.held").gauge().value()).isZero();
            assertNodeBServesNothingOf(id, cachedOnB, canaries);
            superuser.rollback();
        }
        await().atMost(Duration.ofSeconds(10)).until(leaseOfB::held);
        assertThat(nodeA.jdbc().queryForList("SELECT node_id FROM key_eviction WHERE subject_id = ? ORDER BY node_id",
                String.class, id)).as("node B acknowledges once it reads the feed again").containsExactly("node-a", "node-b");
        assertNodeBServesNothingOf(id, cachedOnB, canaries);
    }

    /**
     * A live node that never acknowledges (its row renewed, say, by a clock far ahead): the erasure
     * answers 202 with the certificate pending, and completes when asked again once that node is
     * gone; the certificate signed is the one whose hash the fence file kept.
     */
    @Test
    void anErasureThatANodeNeitherAcknowledgesNorLeavesStaysPendingUntilAskedAgain() throws Exception {
        Canaries canaries = new Canaries();
        String id = registeredAndReadOnB(canaries);
        DataKey cachedOnB = keyCachedOnB(id);
        nodeA.superuserJdbc().update("""
                INSERT INTO vault_node (node_id, seen_at, started_at)
                VALUES ('node-ahead', now() + interval '1 hour', now() - interval '1 hour')""");
        JsonNode pending;
        try {
            pending = erasedOnA(id, 202);
        } finally {
            nodeA.superuserJdbc().update("DELETE FROM vault_node WHERE node_id = 'node-ahead'");
        }
        assertThat(pending.get("status").asText()).isEqualTo("PENDING");
        assertThat(pending.path("signature").asText(null)).as("a pending certificate is not signed").isNull();
        assertNodeBServesNothingOf(id, cachedOnB, canaries);

        JsonNode certificate = erasedOnA(id, 200);
        assertThat(nodes(certificate)).containsExactly("node-a evicted", "node-b evicted");
        String signedForm = certificate.get("signature").asText().split("\\.")[1];
        String hash = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Base64.getUrlDecoder().decode(signedForm)));
        assertThat(Files.readString(root.resolve("shared-keys").resolve("erasure-fence")))
                .as("the fence keeps the hash of the certificate signed").contains(hash);
    }

    private static String registeredAndReadOnB(Canaries canaries) {
        String id = nodeA.post(AGENT, "/api/v1/customers", "{\"fullName\": \"" + canaries.next("name") + "\", \"email\": \""
                + canaries.next("mail") + "@example.com\"}").json().get("id").asText();
        RunningVault.Response history = nodeB.get(COMPLIANCE, "/api/v1/compliance/customers/" + id + "/history");
        assertThat(history.body()).as("node B decrypts the customer, and so caches the key").contains(canaries.values());
        return id;
    }

    private static DataKey keyCachedOnB(String id) {
        Matcher envelope = ENVELOPE.matcher(new String(nodeA.jdbc().queryForObject(
                "SELECT payload FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber LIMIT 1",
                byte[].class, id), StandardCharsets.UTF_8));
        assertThat(envelope.find()).isTrue();
        return nodeB.bean(SubjectKeyStore.class).keyForReading(id, envelope.group(1), Integer.parseInt(envelope.group(2)));
    }

    private static JsonNode erasedOnA(String id, int status) {
        RunningVault.Response erased = nodeA.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + id, null, null);
        assertThat(erased.status()).isEqualTo(status);
        return erased.json();
    }

    private static List<String> nodes(JsonNode certificate) {
        assertThat(certificate.get("status").asText()).isEqualTo("COMPLETED");
        List<String> nodes = new ArrayList<>();
        certificate.get("nodes").forEach(node -> nodes.add(node.get("node").asText() + " " + node.get("keyCache").asText()));
        return nodes;
    }

    private static void assertNodeBServesNothingOf(String id, DataKey cachedOnB, Canaries canaries) {
        for (String path : List.of("/api/v1/customers/" + id, "/api/v1/customers/" + id + "/export",
                "/api/v1/compliance/customers/" + id + "/history")) {
            RunningVault.Response answer = nodeB.get(COMPLIANCE, path);
            assertThat(answer.body()).as(path).doesNotContain(canaries.values());
            assertThat(answer.status()).as(path).isIn(200, 404, 410);
        }
        assertThatThrownBy(() -> nodeB.bean(SubjectKeyStore.class).keyForReading(id, cachedOnB.keyId(), cachedOnB.version()))
                .as("node B hands out no key of the erased customer").isInstanceOf(SubjectErasedException.class);
    }

    private static Map<String, Object> with(Map<String, Object> shared, Map<String, Object> own) {
        Map<String, Object> properties = new HashMap<>(shared);
        properties.putAll(own);
        return properties;
    }
}
