package org.customervault.api.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import java.nio.file.Files;
import java.nio.file.Path;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotating the local store's master key through the API: nothing rewritten, everything still readable and searchable. */
class LocalKeyRotationTest {

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
}
