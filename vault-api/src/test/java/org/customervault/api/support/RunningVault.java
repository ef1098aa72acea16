package org.customervault.api.support;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.customervault.api.VaultApplication;
import org.customervault.infra.postgres.EmbeddedPostgresServer;
import org.customervault.infra.postgres.SuperuserCredentials;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The whole vault application started for real on a data directory: embedded PostgreSQL, local
 * key store, HTTP on a free port. Tests talk to it over HTTP as a CRM front-end would.
 */
public final class RunningVault implements AutoCloseable {

    public static final String AGENT = "agent";
    public static final String COMPLIANCE = "compliance";
    public static final String ADMIN = "root";
    public static final String PASSWORD = "test-password";
    /** The setting that points the vault at a database of its own instead of starting the embedded one. */
    public static final String EXTERNAL_DATABASE = "spring.datasource.url";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConfigurableApplicationContext context;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    private RunningVault(ConfigurableApplicationContext context) {
        this.context = context;
        this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** Starts the vault on {@code dataDir} with one user per role and the given extra properties. */
    public static RunningVault start(Path dataDir, Map<String, Object> extraProperties) {
        return start(dataDir, extraProperties, new Class<?>[0]);
    }

    /** As {@link #start(Path, Map)}, with more configuration classes (e.g. one that swaps a bean for a benchmark). */
    public static RunningVault start(Path dataDir, Map<String, Object> extraProperties, Class<?>... replacements) {
        if (!extraProperties.containsKey(EXTERNAL_DATABASE)) {
            ClusterTemplate.seed(dataDir);
        }
        // Command-line arguments, because they outrank application.yml as they do in production.
        List<String> arguments = new ArrayList<>(List.of(
                "--vault.data-dir=" + dataDir,
                "--server.port=0",
                "--vault.security.users[0].name=" + AGENT,
                "--vault.security.users[0].password={noop}" + PASSWORD,
                "--vault.security.users[0].roles=AGENT",
                "--vault.security.users[1].name=" + COMPLIANCE,
                "--vault.security.users[1].password={noop}" + PASSWORD,
                "--vault.security.users[1].roles=COMPLIANCE",
                "--vault.security.users[2].name=" + ADMIN,
                "--vault.security.users[2].password={noop}" + PASSWORD,
                "--vault.security.users[2].roles=ADMIN"));
        extraProperties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return new RunningVault(new SpringApplicationBuilder(VaultApplication.class).sources(replacements)
                .run(arguments.toArray(String[]::new)));
    }

    public static RunningVault start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /** Waits until the CRM read models have handled every stored event (their processors' lag is 0), at most 5 minutes. */
    public void awaitReadModels() throws InterruptedException {
        MeterRegistry registry = bean(MeterRegistry.class);
        await("read models caught up").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> lag(registry, "customer-view") <= 0 && lag(registry, "customer-timeline") <= 0);
    }

    private static double lag(MeterRegistry registry, String processor) {
        return registry.get("vault.processor.lag").tag("processor", processor).gauge().value();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The database as the vault's own role sees it. */
    public JdbcTemplate jdbc() {
        return new JdbcTemplate(context.getBean(DataSource.class));
    }

    /**
     * The settings of another node of this vault: its embedded database, and the master key file
     * both nodes are started with; then {@code extra}.
     */
    public Map<String, Object> anotherNode(Path masterKey, Map<String, Object> extra) {
        EmbeddedPostgresServer postgres = bean(EmbeddedPostgresServer.class);
        Map<String, Object> settings = new HashMap<>(extra);
        settings.put("vault.keys.master-key-file", masterKey);
        settings.put(EXTERNAL_DATABASE, postgres.jdbcUrl());
        settings.put("spring.datasource.username", postgres.username());
        settings.put("spring.datasource.password", postgres.password());
        return settings;
    }

    /** The embedded database as its superuser, as an operator (or an attacker with the operator's file) would connect. */
    public JdbcTemplate superuserJdbc() {
        SuperuserCredentials superuser = SuperuserCredentials.read(Path.of(
                context.getEnvironment().getRequiredProperty("vault.data-dir"), EmbeddedPostgresServer.CREDENTIALS_FILE));
        return new JdbcTemplate(new SimpleDriverDataSource(new org.postgresql.Driver(), superuser.jdbcUrl(),
                superuser.user(), superuser.password()));
    }

    public Response get(String user, String path) {
        return send(user, "GET", path, null, null);
    }

    /** A GET signed in with the password given, right or wrong. */
    public Response get(String user, String password, String path) {
        return send(null, "GET", path, null, null, Map.of("Authorization", basic(user, password)));
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public Response post(String user, String path, String json) {
        return send(user, "POST", path, json, "application/json");
    }

    public Response put(String user, String path, String json) {
        return send(user, "PUT", path, json, "application/json");
    }

    /**
     * Registers a privacy notice version with a text of its own, as consents need; registering it again changes
     * nothing.
     */
    public void registerNotice(String version) {
        Response answer = put(COMPLIANCE, "/api/v1/compliance/notices/" + version,
                "{\"text\": \"Privacy notice " + version + ": we use your data for the purposes you consent to.\"}");
        if (answer.status() != 200 && answer.status() != 201) {
            throw new IllegalStateException("notice " + version + " not registered: " + answer.status() + " " + answer.body());
        }
    }

    public Response patch(String user, String path, String json) {
        return send(user, "PATCH", path, json, "application/merge-patch+json");
    }

    public Response send(String user, String method, String path, String body, String contentType) {
        return send(user, method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), contentType, Map.of());
    }

    public Response send(String user, String method, String path, byte[] body, String contentType,
                         Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (user != null) {
            request.header("Authorization", basic(user, PASSWORD));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Location").orElse(null), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }

    /** An HTTP answer with its body parsed on demand. */
    public record Response(int status, String body, String contentType, String location, HttpHeaders headers) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }
}
