package org.customervault.infra.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One of the {@code infra/local} scripts, run with its own environment, as the tests' servers are started. */
public final class LocalScript {

    private static final int FIRST_FIXED_PORT = 20_000;
    private static final int FIXED_PORTS = 12_000;
    /**
     * The tests run in several JVMs at once (surefire's fork number, from 1): each draws from its own
     * slice of the range, so that none takes a port another has just freed to restart a server on it.
     */
    private static final int SLICES = 4;
    private static final SecureRandom PORTS = new SecureRandom();

    private final Path script;
    private final Map<String, String> environment;
    private final List<String> removedVariables;

    public LocalScript(String name, Map<String, String> environment, List<String> removedVariables) {
        this.script = locate(name);
        this.environment = Map.copyOf(environment);
        this.removedVariables = List.copyOf(removedVariables);
    }

    /** Runs the script and answers its output; fails with that output when the script fails. */
    public String run(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(arguments);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            removedVariables.forEach(builder.environment()::remove);
            builder.environment().putAll(environment);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("infra/local/" + script.getFileName() + " " + String.join(" ", arguments)
                        + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The {@code export NAME=value} lines of a script's output. */
    public static Map<String, String> exports(String output) {
        Map<String, String> settings = new HashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("export ")) {
                String[] pair = line.substring("export ".length()).split("=", 2);
                settings.put(pair[0], pair[1]);
            }
        }
        return settings;
    }

    /** The project's root: the folder above the one that holds {@code infra/local}. */
    public static Path projectRoot() {
        return locate("kafka").getParent().getParent().getParent();
    }

    /**
     * A free port below the kernel's ephemeral range (32768 and up), so that no outgoing connection
     * is given it between a server's stop and its restart on the same port.
     */
    public static int freePort() {
        return freePorts(1).get(0);
    }

    /** As many distinct free ports as asked, for a server that listens on more than one. */
    public static List<Integer> freePorts(int count) {
        List<Integer> ports = new ArrayList<>();
        for (int attempt = 0; attempt < 200 && ports.size() < count; attempt++) {
            int candidate = firstOfThisFork() + PORTS.nextInt(FIXED_PORTS / SLICES - 1);
            // OpenBao listens on the port after its own too (its cluster port)
            if (!ports.contains(candidate) && !ports.contains(candidate + 1) && free(candidate) && free(candidate + 1)) {
                ports.add(candidate);
            }
        }
        if (ports.size() < count) {
            throw new IllegalStateException("no " + count + " free ports from " + FIRST_FIXED_PORT);
        }
        return ports;
    }

    private static int firstOfThisFork() {
        int fork = Integer.getInteger("test.fork", 1);
        return FIRST_FIXED_PORT + Math.floorMod(fork - 1, SLICES) * (FIXED_PORTS / SLICES);
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static Path locate(String name) {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            Path script = directory.resolve("infra/local").resolve(name);
            if (Files.isExecutable(script)) {
                return script;
            }
        }
        throw new IllegalStateException("infra/local/" + name + " not found above " + Path.of("").toAbsolutePath());
    }
}
