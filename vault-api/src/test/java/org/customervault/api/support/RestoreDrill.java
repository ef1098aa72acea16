package org.customervault.api.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import java.nio.file.Path;
import java.util.Map;

/**
 * The restore drill of docs/operations.md, up to the start that must apply the erasure again: a
 * customer registered, the stopped vault's database copied, the customer erased, the copy put back.
 */
public final class RestoreDrill {

    /** The customer the restored database holds again; the email is a canary. */
    public record Erased(String id, String email) {
    }

    private RestoreDrill() {
    }

    /** Leaves {@code data} with the database of before the erasure, the vault stopped, the key store as the erasure left it. */
    public static Erased eraseAndRestoreAnOlderDatabase(Path data, Path backup, Map<String, Object> settings,
                                                        Canaries canaries) throws Exception {
        String email = canaries.next("mail") + "@example.com";
        String id;
        try (RunningVault vault = RunningVault.start(data, settings)) {
            id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"%s\", \"email\": \"%s\"}"
                    .formatted(canaries.next("name"), email)).json().get("id").asText();
        }
        Directories.copy(data.resolve("pg"), backup);
        try (RunningVault vault = RunningVault.start(data, settings)) {
            assertThat(vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + id, null, null).status()).isEqualTo(200);
        }
        Directories.delete(data.resolve("pg"));
        Directories.copy(backup, data.resolve("pg"));
        return new Erased(id, email);
    }
}
