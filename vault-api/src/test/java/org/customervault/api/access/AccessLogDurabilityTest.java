package org.customervault.api.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.AGENT;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.customervault.api.support.VaultProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every read of personal data that was answered is in the access log, whatever happens next. */
class AccessLogDurabilityTest {

    private static final int READS = 25;

    @TempDir
    Path root;

    @Test
    void everyAnsweredReadIsLoggedEvenWhenTheVaultIsKilledRightAfter() throws Exception {
        Path dataDir = root.resolve("data");
        String customer;
        try (VaultProcess vault = VaultProcess.start(dataDir, root.resolve("vault.log"))) {
            customer = created(vault.send(AGENT, "POST", "/api/v1/customers",
                    "{\"fullName\": \"Leida Antes\", \"email\": \"leida@example.com\"}"));
            for (int i = 0; i < READS; i++) {
                assertThat(vault.send(AGENT, "GET", "/api/v1/customers/" + customer, null).statusCode()).isEqualTo(200);
            }
            vault.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        try (RunningVault restarted = RunningVault.start(dataDir)) {
            assertThat(restarted.jdbc().queryForObject(
                    "SELECT count(*) FROM access_log WHERE subject_id = ?::uuid AND action = 'customer.view'",
                    Long.class, customer)).isEqualTo(READS);
        }
    }

    /**
     * Not just written soon after: the answer waits for the entry's commit, which waits for the disk.
     * And written over the access log's own connections, so that reads holding every connection of
     * the vault's pool cannot leave its writers without one.
     */
    @Test
    void aReadIsAnsweredOnlyOnceItsEntryIsCommittedAsDurablyAsAnEvent() throws Exception {
        try (RunningVault vault = RunningVault.start(root.resolve("data"), Map.of())) {
            String customer = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Espera Commit\"}").json()
                    .get("id").asText();
            // what the access log's transactions ask of the commit, seen from inside them
            vault.jdbc().execute("CREATE TABLE commit_durability (setting TEXT, connection TEXT)");
            vault.jdbc().execute("""
                    CREATE FUNCTION note_commit_durability() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        INSERT INTO commit_durability VALUES (current_setting('synchronous_commit'), current_setting('application_name'));
                        RETURN NEW;
                    END $$""");
            vault.jdbc().execute("CREATE TRIGGER access_log_durability AFTER INSERT ON access_log"
                    + " FOR EACH ROW EXECUTE FUNCTION note_commit_durability()");

            try (Connection holder = vault.bean(DataSource.class).getConnection()) {
                holder.setAutoCommit(false);
                holder.createStatement().execute("LOCK TABLE access_log IN EXCLUSIVE MODE");
                CompletableFuture<Response> read = CompletableFuture.supplyAsync(
                        () -> vault.get(AGENT, "/api/v1/customers/" + customer));
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> !read.isDone());
                holder.rollback();
                assertThat(read.get(10, TimeUnit.SECONDS).status()).as("answered once the entry could commit").isEqualTo(200);
            }
            assertThat(vault.jdbc().queryForList("SELECT DISTINCT setting FROM commit_durability", String.class))
                    .as("synchronous_commit of the access log's commits").containsExactly("on");
            assertThat(vault.jdbc().queryForList("SELECT DISTINCT connection FROM commit_durability", String.class))
                    .as("the pool the access log's commits come from").containsExactly("vault-access-log");
            assertThat(vault.jdbc().queryForObject("SELECT current_setting('application_name')", String.class))
                    .as("the vault's own connections are not labelled as the access log's").isNotEqualTo("vault-access-log");
        }
    }

    @Test
    void aReadThatCannotBeLoggedIsRefusedAndShowsNothing() {
        try (RunningVault vault = RunningVault.start(root.resolve("data"), Map.of())) {
            String customer = vault.post(AGENT, "/api/v1/customers",
                    "{\"fullName\": \"Nadie Registra\", \"email\": \"sin-registro@example.com\"}").json().get("id").asText();
            vault.jdbc().execute("ALTER TABLE access_log RENAME TO access_log_away");
            Response view;
            Response search;
            try {
                view = vault.get(AGENT, "/api/v1/customers/" + customer);
                search = vault.get(AGENT, "/api/v1/customers?q=sin-registro@example.com");
            } finally {
                vault.jdbc().execute("ALTER TABLE access_log_away RENAME TO access_log");
            }

            for (Response unrecorded : List.of(view, search)) {
                assertThat(unrecorded.status()).as(unrecorded.body()).isEqualTo(503);
                assertThat(unrecorded.contentType()).startsWith("application/problem+json");
                assertThat(unrecorded.json().get("type").asText()).isEqualTo("urn:customer-vault:problem:access-log-unavailable");
                assertThat(unrecorded.body()).doesNotContain("Nadie", "sin-registro");
            }
            assertThat(vault.get(AGENT, "/api/v1/customers/" + customer).status()).as("recovers by itself").isEqualTo(200);
        }
    }

    private static String created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response.body().replaceAll(".*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }
}
