package org.customervault.api.support;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.customervault.api.VaultApplication;

/**
 * The vault run as an operator runs it: in a JVM of its own, the leader of its own process group
 * (as a shell makes a foreground job), logging to a file, with the same users as
 * {@link RunningVault}, so that a test can kill it, signal it, and start it again in-process.
 */
public final class VaultProcess implements AutoCloseable {

    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;

    private VaultProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the vault on {@code dataDir} and waits until it answers on its port. */
    public static VaultProcess start(Path dataDir, Path log) throws IOException {
        return start(dataDir, log, Map.of());
    }

    /** As {@link #start(Path, Path)}, with more properties, given as command-line arguments. */
    public static VaultProcess start(Path dataDir, Path log, Map<String, String> properties) throws IOException {
        if (!properties.containsKey(RunningVault.EXTERNAL_DATABASE)) {
            ClusterTemplate.seed(dataDir);
        }
        List<String> command = new ArrayList<>(List.of(
                "setsid", Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), VaultApplication.class.getName(),
                "--vault.data-dir=" + dataDir,
                "--server.port=0",
                "--vault.security.users[0].name=" + RunningVault.AGENT,
                "--vault.security.users[0].password={noop}" + RunningVault.PASSWORD,
                "--vault.security.users[0].roles=AGENT",
                "--vault.security.users[1].name=" + RunningVault.COMPLIANCE,
                "--vault.security.users[1].password={noop}" + RunningVault.PASSWORD,
                "--vault.security.users[1].roles=COMPLIANCE",
                "--vault.security.users[2].name=" + RunningVault.ADMIN,
                "--vault.security.users[2].password={noop}" + RunningVault.PASSWORD,
                "--vault.security.users[2].roles=ADMIN"));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        if (interruptIgnored()) {
            // a runner that started the tests in the background ignores SIGINT, and a child inherits
            // that: the vault would never see a Ctrl-C, as it does in a terminal
            command.addAll(0, List.of("python3", "-c",
                    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])"));
        }
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        int port = await().atMost(Duration.ofMinutes(2)).until(() -> portIn(log), Optional::isPresent).orElseThrow();
        return new VaultProcess(process, port);
    }

    /** Whether this JVM was started with SIGINT ignored (bit 2 of the {@code SigIgn} mask). */
    private static boolean interruptIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 0x2) != 0;
            }
        }
        return false;
    }

    public Process process() {
        return process;
    }

    /** An HTTP answer's status and body, as a CRM front-end would send the request. */
    public HttpResponse<String> send(String user, String method, String path, String json) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + RunningVault.PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(20))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static Optional<Integer> portIn(Path log) throws IOException {
        Matcher port = PORT.matcher(Files.exists(log) ? Files.readString(log) : "");
        return port.find() ? Optional.of(Integer.parseInt(port.group(1))) : Optional.empty();
    }
}
