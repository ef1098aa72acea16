package org.customervault.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.AGENT;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.customervault.api.problem.ProblemTypes;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one database, each sent a patch with the same {@code If-Match} at the same moment:
 * each node's lock covers only its own writers, so the loser may fail at the event store's unique
 * sequence number rather than at the version check. Either way it is a failed precondition (412),
 * never a conflict to retry (409), and only the winner's change is stored.
 */
class IfMatchAcrossNodesTest {

    private static final int ROUNDS = 10;

    @TempDir
    Path root;

    @Test
    void ofTwoNodesPatchingWithTheSameIfMatchOneStoresAndTheOtherAnswers412() throws Exception {
        Path masterKey = root.resolve("shared-keys").resolve("master.key");
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try (RunningVault nodeA = RunningVault.start(root.resolve("a"), Map.of("vault.keys.master-key-file", masterKey))) {
            try (RunningVault nodeB = RunningVault.start(root.resolve("b"), nodeA.anotherNode(masterKey, Map.of()))) {
                String id = nodeA.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Nodo Disputado\"}")
                        .json().get("id").asText();
                for (int round = 0; round < ROUNDS; round++) {
                    String etag = "\"" + round + "\"";
                    CyclicBarrier start = new CyclicBarrier(2);
                    List<Future<Response>> running = new ArrayList<>();
                    for (RunningVault node : List.of(nodeA, nodeB)) {
                        String email = "round" + round + "." + (node == nodeA ? "a" : "b") + "@example.com";
                        running.add(clients.submit(() -> {
                            start.await(10, TimeUnit.SECONDS);
                            return node.send(AGENT, "PATCH", "/api/v1/customers/" + id,
                                    ("{\"email\": \"" + email + "\"}").getBytes(StandardCharsets.UTF_8),
                                    "application/merge-patch+json", Map.of("If-Match", etag));
                        }));
                    }
                    List<Response> answers = new ArrayList<>();
                    for (Future<Response> answer : running) {
                        answers.add(answer.get(1, TimeUnit.MINUTES));
                    }

                    assertThat(answers).as("round %d", round).extracting(Response::status)
                            .containsExactlyInAnyOrder(200, 412);
                    Response lost = answers.stream().filter(answer -> answer.status() == 412).findFirst().orElseThrow();
                    assertThat(lost.json().get("type").asText()).isEqualTo(ProblemTypes.PRECONDITION_FAILED);
                    assertThat(nodeA.jdbc().queryForObject(
                            "SELECT max(sequencenumber) FROM domainevententry WHERE aggregateidentifier = ?",
                            Long.class, id)).as("round %d: the winner's event alone", round).isEqualTo(round + 1L);
                }
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
