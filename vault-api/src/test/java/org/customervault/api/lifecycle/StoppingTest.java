package org.customervault.api.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.VaultProcess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The vault run as an operator runs it, in a JVM of its own, and stopped the two ways an operator
 * stops it: {@code kill} (SIGTERM to the JVM) and Ctrl-C in a terminal (SIGINT to the whole
 * process group, which would reach PostgreSQL too if it were in that group).
 */
class StoppingTest {

    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    enum Stop {
        SIGTERM_TO_THE_JVM, CTRL_C_TO_THE_PROCESS_GROUP
    }

    @ParameterizedTest
    @EnumSource(Stop.class)
    void stopsWithinTenSecondsWithoutAnErrorAndPostgresLast(Stop stop) throws Exception {
        Path log = dataDir.resolve("vault.log");
        try (VaultProcess vault = VaultProcess.start(dataDir.resolve("data"), log)) {
            assertThat(register(vault)).isEqualTo(201);
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("data/pg/postmaster.pid")).get(0).trim());
            assertThat(processGroupOf(postmaster)).as("PostgreSQL runs in a process group of its own")
                    .isNotEqualTo(processGroupOf(vault.process().pid()));

            List<Integer> answers = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> keepRegistering(vault, answers));
            await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() >= 3);
            long signalled = System.nanoTime();
            signal(vault.process(), stop);

            boolean stopped = vault.process().waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(stopped).as("stopped within %s; what the vault logged after the signal:%n%s", STOP_LIMIT,
                    stopped ? "" : afterTheSignal(log)).isTrue();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
            traffic.get(30, TimeUnit.SECONDS);
            String output = Files.readString(log);
            assertThat(output).as("took %d ms", tookMillis).doesNotContain(" ERROR ", "Exception", "\tat ");
            assertThat(answers).as("a request is answered in full or not taken at all").containsOnly(201);
            assertThat(dataDir.resolve("data/pg/postmaster.pid")).as("PostgreSQL stopped with the vault").doesNotExist();
            // once its parent is gone, the ended postmaster waits for init to reap it
            await().atMost(Duration.ofSeconds(5)).until(() -> !ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false));
        }
    }

    /** The shutdown's own lines, to tell which part of it outlasted the limit. */
    private static String afterTheSignal(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        int from = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("Commencing graceful shutdown")) {
                from = Math.max(0, i - 5);
            }
        }
        return String.join(System.lineSeparator(), lines.subList(from, lines.size()));
    }

    private static void signal(Process vault, Stop stop) throws IOException, InterruptedException {
        List<String> kill = switch (stop) {
            case SIGTERM_TO_THE_JVM -> List.of("kill", "-TERM", Long.toString(vault.pid()));
            // setsid made the JVM the leader of its own group, as a shell does for a foreground job
            case CTRL_C_TO_THE_PROCESS_GROUP -> List.of("kill", "-INT", "--", "-" + vault.pid());
        };
        assertThat(new ProcessBuilder(kill).inheritIO().start().waitFor()).isZero();
    }

    /** Registers customers one after another until the vault stops taking connections. */
    private static void keepRegistering(VaultProcess vault, List<Integer> answers) {
        for (int i = 0; i < 10_000; i++) {
            try {
                answers.add(register(vault));
            } catch (IOException refusedOrClosed) {
                return;
            }
        }
    }

    private static int register(VaultProcess vault) throws IOException {
        return vault.send(RunningVault.AGENT, "POST", "/api/v1/customers", "{\"fullName\": \"Ana Parada\"}").statusCode();
    }

    private static String processGroupOf(long pid) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-o", "pgid=", "-p", Long.toString(pid)).start();
        String group = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(ps.waitFor()).isZero();
        return group;
    }
}
