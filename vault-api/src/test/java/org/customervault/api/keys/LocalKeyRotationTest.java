package org.customervault.api.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotating the local store's master key through the API: nothing rewritten, everything still readable and searchable. */
class LocalKeyRotationTest {

    private static final int CLIENTS = 6;
    private static final int ROTATIONS = 5;
    private static final int REGISTRATIONS_BETWEEN_ROTATIONS = 8;

    @TempDir
    Path data;

    @Test
    void canRotateTheMasterKeyAndReadEverythingBeforeAndAfterARestart() throws Exception {
        String id;
        long events;
        try (RunningVault vault = RunningVault.start(data)) {
            id = vault.post(AGENT, "/api/v1/customers",
                    "{\"fullName\": \"Rotación Pérez\", \"email\": \"rotation@example.com\", \"phone\": \"+5491155550000\"}")
                    .json().get("id").asText();
            events = vault.jdbc().queryForObject("SELECT count(*) FROM domainevententry", Long.class);
            String before = vault.jdbc().queryForObject("SELECT master_key_id FROM subject_key WHERE subject_id = ?", String.class, id);

            assertThat(vault.post(AGENT, "/api/v1/admin/keys/rotation", null).status()).isEqualTo(403);
            assertThat(vault.post(COMPLIANCE, "/api/v1/admin/keys/rotation", null).status()).isEqualTo(403);
            Response rotated = vault.post(ADMIN, "/api/v1/admin/keys/rotation", null);

            assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
            assertThat(rotated.json().get("store").asText()).isEqualTo("local");
            assertThat(rotated.json().get("wrappingKey").asText()).isNotEqualTo(before);
            assertThat(rotated.json().get("rewrappedDataKeys").asLong()).isPositive();
            assertThat(vault.jdbc().queryForObject("SELECT master_key_id FROM subject_key WHERE subject_id = ?", String.class, id))
                    .isEqualTo(rotated.json().get("wrappingKey").asText());
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM domainevententry", Long.class))
                    .as("no event rewritten or added").isEqualTo(events);
            assertThat(vault.get(AGENT, "/api/v1/customers/" + id).json().get("email").asText()).isEqualTo("rotation@example.com");
        }
        assertThat(Files.readAllLines(data.resolve("keys").resolve("master.key")))
                .as("the blind-index key and one master key").hasSize(2);
        try (RunningVault vault = RunningVault.start(data)) {
            assertThat(vault.get(AGENT, "/api/v1/customers/" + id).json().get("phone").asText()).isEqualTo("+5491155550000");
            assertThat(vault.get(AGENT, "/api/v1/customers?q=rotation@example.com").json().get("total").asLong())
                    .as("search keeps working: the blind-index key did not change").isEqualTo(1);
        }
    }

    /**
     * Registrations keep arriving while the master key is rotated again and again: each rotation
     * must wait for the ones that wrapped their key under the old master key, so that afterwards
     * every customer reads back, before and after a restart (which reads the master key file anew).
     */
    @Test
    void everyCustomerRegisteredDuringRotationsStaysReadable() throws Exception {
        Map<String, String> emails = new ConcurrentHashMap<>();
        String lastMasterKey = null;
        try (RunningVault vault = RunningVault.start(data)) {
            Semaphore registered = new Semaphore(0);
            AtomicBoolean rotating = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> registering = new ArrayList<>();
                for (int client = 0; client < CLIENTS; client++) {
                    String prefix = "client" + client + "-";
                    registering.add(clients.submit(() -> {
                        for (int n = 0; rotating.get(); n++) {
                            String email = prefix + n + "@example.com";
                            Response created = vault.post(AGENT, "/api/v1/customers",
                                    "{\"fullName\": \"Rotación Concurrente\", \"email\": \"" + email + "\"}");
                            assertThat(created.status()).as(created.body()).isEqualTo(201);
                            emails.put(created.json().get("id").asText(), email);
                            registered.release();
                        }
                        return null;
                    }));
                }
                for (int round = 0; round < ROTATIONS; round++) {
                    assertThat(registered.tryAcquire(REGISTRATIONS_BETWEEN_ROTATIONS, 60, TimeUnit.SECONDS))
                            .as("registrations go on between rotations").isTrue();
                    Response rotated = vault.post(ADMIN, "/api/v1/admin/keys/rotation", null);
                    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
                    lastMasterKey = rotated.json().get("wrappingKey").asText();
                }
                assertThat(registered.tryAcquire(REGISTRATIONS_BETWEEN_ROTATIONS, 60, TimeUnit.SECONDS)).isTrue();
                rotating.set(false);
                for (Future<?> client : registering) {
                    client.get(60, TimeUnit.SECONDS);
                }
            } finally {
                rotating.set(false);
                clients.shutdownNow();
            }

            assertThat(vault.jdbc().queryForList("SELECT DISTINCT master_key_id FROM subject_key", String.class))
                    .as("every data key wrapped by the master key in use").containsExactly(lastMasterKey);
            assertEveryEmailReadsBack(vault, emails);
        }
        assertThat(Files.readAllLines(data.resolve("keys").resolve("master.key")))
                .as("the blind-index key and one master key: the old ones retired").hasSize(2);
        try (RunningVault vault = RunningVault.start(data)) {
            assertEveryEmailReadsBack(vault, emails);
        }
    }

    private static void assertEveryEmailReadsBack(RunningVault vault, Map<String, String> emails) {
        emails.forEach((id, email) -> {
            Response read = vault.get(AGENT, "/api/v1/customers/" + id);
            assertThat(read.status()).as(read.body()).isEqualTo(200);
            assertThat(read.json().get("email").asText()).isEqualTo(email);
        });
    }
}
