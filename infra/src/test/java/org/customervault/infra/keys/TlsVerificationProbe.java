package org.customervault.infra.keys;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.customervault.domain.crypto.KeyStoreUnavailableException;

/**
 * Opens a session in a JVM of its own, whose environment a test chooses (a JVM cannot change its own
 * environment), and prints whether it connected. Arguments: the address, then optionally the CA file
 * the session is given; the token comes from the child's {@code PROBE_TOKEN}.
 */
final class TlsVerificationProbe {

    static final String CONNECTED = "connected";
    static final String REFUSED = "refused";

    private TlsVerificationProbe() {
    }

    public static void main(String[] args) {
        OpenBaoConnection.Tls tls = args.length > 1 ? new OpenBaoConnection.Tls(Path.of(args[1]), null, null) : null;
        OpenBaoConnection.Settings settings = new OpenBaoConnection.Settings(args[0], null, "customer-vault",
                Duration.ofSeconds(5), new OpenBaoConnection.Token(System.getenv("PROBE_TOKEN")), tls, Duration.ofSeconds(1), 0);
        try (OpenBaoConnection session = OpenBaoConnection.open(settings)) {
            System.out.println(CONNECTED);
        } catch (KeyStoreUnavailableException e) {
            System.out.println(REFUSED);
        }
    }

    /** What the probe printed, run with this test's class path and {@code environment} added to its own. */
    static String run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TlsVerificationProbe.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        Process probe = builder.start();
        if (!probe.waitFor(60, TimeUnit.SECONDS)) {
            probe.destroyForcibly();
            throw new IllegalStateException("the probe did not finish");
        }
        String output = new String(probe.getInputStream().readAllBytes()).strip();
        return output.lines().reduce((first, last) -> last).orElse("");
    }
}
