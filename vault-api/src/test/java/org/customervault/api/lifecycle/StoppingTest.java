package org.customervault.api.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.customervault.api.VaultApplication;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The vault run as an operator runs it, in a JVM of its own, and stopped the two ways an operator
 * stops it: {@code kill} (SIGTERM to the JVM) and Ctrl-C in a terminal (SIGINT to the whole
 * process group, which would reach PostgreSQL too if it were in that group).
 */
class StoppingTest {

    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);
    private static final String USER = "agent";
    private static final String PASSWORD = "test-password";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    enum Stop {
        SIGTERM_TO_THE_JVM, CTRL_C_TO_THE_PROCESS_GROUP
    }

    @ParameterizedTest
    @EnumSource(Stop.class)
    void stopsWithinTenSecondsWithoutAnErrorAndPostgresLast(Stop stop) throws Exception {
        Path log = dataDir.resolve("vault.log");
        Process vault = new ProcessBuilder(List.of(
                "setsid", Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), VaultApplication.class.getName(),
                "--vault.data-dir=" + dataDir.resolve("data"),
                "--server.port=0",
                "--vault.security.users[0].name=" + USER,
                "--vault.security.users[0].password={noop}" + PASSWORD,
                "--vault.security.users[0].roles=AGENT"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            int port = await().atMost(Duration.ofMinutes(2)).until(() -> portIn(log), Optional::isPresent).orElseThrow();
            assertThat(register(port)).isEqualTo(201);
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("data/pg/postmaster.pid")).get(0).trim());
            assertThat(processGroupOf(postmaster)).as("PostgreSQL runs in a process group of its own")
                    .isNotEqualTo(processGroupOf(vault.pid()));

            List<Integer> answers = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> keepRegistering(port, answers));
            await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() >= 3);
            long signalled = System.nanoTime();
            signal(vault, stop);

            assertThat(vault.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)).as("stopped within " + STOP_LIMIT).isTrue();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
            traffic.get(30, TimeUnit.SECONDS);
            String output = Files.readString(log);
            assertThat(output).as("took %d ms", tookMillis).doesNotContain(" ERROR ", "Exception", "\tat ");
            assertThat(answers).as("a request is answered in full or not taken at all").containsOnly(201);
            assertThat(dataDir.resolve("data/pg/postmaster.pid")).as("PostgreSQL stopped with the vault").doesNotExist();
            // once its parent is gone, the ended postmaster waits for init to reap it
            await().atMost(Duration.ofSeconds(5)).until(() -> !ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false));
        } finally {
            vault.destroyForcibly();
        }
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
    private static void keepRegistering(int port, List<Integer> answers) {
        for (int i = 0; i < 10_000; i++) {
            try {
                answers.add(register(port));
            } catch (IOException refusedOrClosed) {
                return;
            }
        }
    }

    private static int register(int port) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/customers"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"fullName\": \"Ana Parada\"}"))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String processGroupOf(long pid) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-o", "pgid=", "-p", Long.toString(pid)).start();
        String group = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(ps.waitFor()).isZero();
        return group;
    }

    private static Optional<Integer> portIn(Path log) throws IOException {
        Matcher port = PORT.matcher(Files.exists(log) ? Files.readString(log) : "");
        return port.find() ? Optional.of(Integer.parseInt(port.group(1))) : Optional.empty();
    }
}
