package org.customervault.api.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.Directories;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.customervault.domain.customer.CustomerId;
import org.customervault.projections.compliance.ErasureLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The restore drill of docs/operations.md with the embedded default's local key store: a copy of
 * {@code pg/} taken before an erasure is put back, and the fence file beside the master key erases the
 * customer again before the vault answers its first request.
 */
class LocalKeyStoreRestoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the vault answered to the requests sent the moment its web server took connections. */
    record FirstAnswers(int customerStatus, int searchStatus, long searchTotal) {
    }

    private static volatile String restoredCustomer;
    private static volatile String restoredEmail;
    private static final AtomicReference<FirstAnswers> FIRST_ANSWERS = new AtomicReference<>();

    @TempDir
    Path root;

    private final Canaries canaries = new Canaries();

    @Test
    void aRestoredDatabaseBackupCannotUndoAnErasure() throws Exception {
        Path data = root.resolve("data");
        Path backup = root.resolve("backup");
        String email = canaries.next("mail") + "@example.com";
        String id;
        try (RunningVault vault = RunningVault.start(data)) {
            id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"%s %s\", \"email\": \"%s\", \"phone\": \"+549%s\"}"
                    .formatted(canaries.next("name"), canaries.next("surname"), email,
                            canaries.remember(Canaries.digits(10)))).json().get("id").asText();
            assertThat(vault.post(AGENT, "/api/v1/customers/" + id + "/interactions", "{\"channel\": \"CHAT\", \"summary\": \""
                    + canaries.next("summary") + "\", \"occurredAt\": \"2026-01-06T10:00:00Z\"}").status()).isEqualTo(201);
            vault.awaitReadModels();
        }
        Directories.copy(data.resolve("pg"), backup);
        String certificateHash;
        try (RunningVault vault = RunningVault.start(data)) {
            Response erased = vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + id, null, null);
            assertThat(erased.status()).as(erased.body()).isEqualTo(200);
            certificateHash = vault.bean(ErasureLedger.class).find(CustomerId.of(id)).orElseThrow().sha256();
        }
        Path fenceFile = data.resolve("keys").resolve("erasure-fence");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fenceFile))).isEqualTo("rw-------");
        assertThat(Files.readAllLines(fenceFile)).singleElement().asString()
                .startsWith("erased " + id + " ").endsWith(" " + certificateHash);

        Directories.delete(data.resolve("pg"));
        Directories.copy(backup, data.resolve("pg"));
        restoredCustomer = id;
        restoredEmail = email;
        try (RunningVault vault = RunningVault.start(data, Map.of(), FirstRequests.class)) {
            assertThat(FIRST_ANSWERS.get()).as("answered the moment the web server took connections")
                    .isEqualTo(new FirstAnswers(410, 200, 0));

            assertThat(vault.get(AGENT, "/api/v1/customers/" + id).status()).isEqualTo(410);
            assertThat(vault.get(COMPLIANCE, "/api/v1/customers/" + id).status()).isEqualTo(410);
            assertThat(vault.get(AGENT, "/api/v1/customers?q=" + email).json().get("total").asLong()).isZero();
            assertThat(vault.patch(AGENT, "/api/v1/customers/" + id, "{\"phone\": \"+5491100000000\"}").status()).isEqualTo(410);
            JsonNode history = vault.get(COMPLIANCE, "/api/v1/compliance/customers/" + id + "/history").json();
            assertThat(history.at("/events/0/data/fullName").asText()).isEqualTo("erased");
            assertThat(history.at("/events/0/data/email").asText()).isEqualTo("erased");
            assertThat(history.at("/stateAsOf/status").asText()).isEqualTo("ERASED");
            JsonNode ledger = vault.get(COMPLIANCE, "/api/v1/compliance/erasures").json();
            assertThat(ledger).singleElement().satisfies(certificate -> {
                assertThat(certificate.get("subjectId").asText()).isEqualTo(id);
                assertThat(certificate.get("requestedBy").asText()).isEqualTo("key-store-fence");
                assertThat(certificate.get("status").asText()).isEqualTo("COMPLETED");
            });
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM subject_key WHERE subject_id = ?", Long.class, id))
                    .as("the restored key is destroyed again").isZero();
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM erasure_fence WHERE subject_id = ?", Long.class, id))
                    .isEqualTo(1);
        }
        assertThat(Files.readAllLines(fenceFile)).as("the first erasure's line stays, alone").singleElement().asString()
                .endsWith(" " + certificateHash);
        assertThat(canaries.findIn(Canaries.filesUnder(data))).as("no personal value in the data directory").isEmpty();
    }

    /** A deployment upgraded from a version without the fence file gets its earlier erasures written to it at start. */
    @Test
    void erasuresFromBeforeTheFenceFileAreWrittenToItAtStart() throws Exception {
        Path data = root.resolve("data");
        String id;
        try (RunningVault vault = RunningVault.start(data)) {
            id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Erased Earlier\"}").json().get("id").asText();
            assertThat(vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + id, null, null).status()).isEqualTo(200);
        }
        Path fenceFile = data.resolve("keys").resolve("erasure-fence");
        Files.delete(fenceFile);

        String certificateHash;
        try (RunningVault vault = RunningVault.start(data)) {
            certificateHash = vault.bean(ErasureLedger.class).find(CustomerId.of(id)).orElseThrow().sha256();
        }
        assertThat(Files.readAllLines(fenceFile)).singleElement().asString()
                .startsWith("erased " + id + " ").endsWith(" " + certificateHash);
    }

    /** Asks for the restored customer and searches their email as soon as the web server is started, before anyone else can. */
    @Configuration(proxyBeanMethods = false)
    static class FirstRequests {

        @Bean
        ApplicationListener<WebServerInitializedEvent> firstRequests() {
            return event -> {
                String base = "http://127.0.0.1:" + event.getWebServer().getPort() + "/api/v1/customers";
                int customer = get(base + "/" + restoredCustomer).statusCode();
                HttpResponse<String> search = get(base + "?q=" + restoredEmail);
                try {
                    FIRST_ANSWERS.set(new FirstAnswers(customer, search.statusCode(),
                            JSON.readTree(search.body()).path("total").asLong(-1)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        }
    }

    private static HttpResponse<String> get(String url) {
        String credentials = Base64.getEncoder().encodeToString((AGENT + ":" + RunningVault.PASSWORD).getBytes(StandardCharsets.UTF_8));
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Basic " + credentials).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
