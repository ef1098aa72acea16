package org.customervault.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.AGENT;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A retry that a load balancer sends to another node is recognised there: the keys are in the shared database. */
class IdempotencyAcrossNodesTest {

    @TempDir
    Path root;

    @Test
    void aRetryOnAnotherNodeAnswersTheFirstAnswer() {
        Path masterKey = root.resolve("shared-keys").resolve("master.key");
        try (RunningVault nodeA = RunningVault.start(root.resolve("a"), Map.of("vault.keys.master-key-file", masterKey))) {
            try (RunningVault nodeB = RunningVault.start(root.resolve("b"), nodeA.anotherNode(masterKey, Map.of()))) {
                String key = UUID.randomUUID().toString();
                String body = "{\"fullName\": \"Two Nodes Retry\"}";

                Response first = post(nodeA, body, key);
                Response retry = post(nodeB, body, key);
                Response otherBody = post(nodeB, "{\"fullName\": \"Another\"}", key);

                assertThat(first.status()).isEqualTo(201);
                assertThat(retry.status()).isEqualTo(201);
                assertThat(retry.header(IdempotencyFilter.REPLAYED_HEADER)).isEqualTo("true");
                assertThat(retry.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
                assertThat(otherBody.status()).isEqualTo(422);
                assertThat(nodeA.jdbc().queryForObject("SELECT count(DISTINCT aggregateidentifier) FROM domainevententry",
                        Long.class)).isOne();
            }
        }
    }

    private static Response post(RunningVault node, String json, String key) {
        return node.send(AGENT, "POST", "/api/v1/customers", json.getBytes(StandardCharsets.UTF_8), "application/json",
                Map.of("Idempotency-Key", key));
    }
}
