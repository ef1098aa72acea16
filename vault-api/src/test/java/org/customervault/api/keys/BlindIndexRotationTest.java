package org.customervault.api.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.api.Logical;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.spec.SecretKeySpec;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.customervault.api.support.Seeder;
import org.customervault.api.support.VaultProcess;
import org.customervault.domain.crypto.BlindIndex;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.customervault.infra.keys.OpenBaoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Rotating the blind-index key through the API while the vault is in use: searches never miss,
 * changes made meanwhile end up searchable by their new value only, the old key is destroyed in the
 * key store (read directly: the key file, OpenBao), and a token made with it before the rotation
 * matches nothing left in the database. A rotation killed midway resumes at the next start.
 */
class BlindIndexRotationTest {

    private static final String ROTATE = "/api/v1/admin/keys/blind-index/rotate";
    /** Small, paused batches, so that the re-index lasts long enough for searches and changes to meet it. */
    private static final Map<String, Object> SLOW_ROTATION = Map.of(
            "vault.blind-index.rotation.batch-size", "25",
            "vault.blind-index.rotation.pause", "100ms",
            "vault.security.rate-limits.searches.limit", "1000000");
    private static final int SEARCHERS = 3;

    @TempDir
    Path root;

    private final Canaries canaries = new Canaries();

    @Test
    void rotatesOnlineUnderSearchesAndChangesThenDestroysTheOldKey() throws Exception {
        Path data = root.resolve("data");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        try (RunningVault vault = RunningVault.start(data, SLOW_ROTATION)) {
            // once the vault has set logging up, which replaces the appenders
            log.start();
            rootLogger.addAppender(log);
            Map<CustomerId, String> emails = seed(vault, 600);
            byte[] oldKey = indexKey(data.resolve("keys").resolve("master.key"), 1);
            BlindIndex oldIndex = new BlindIndex(new SecretKeySpec(oldKey, "HmacSHA256"));
            CustomerId first = CustomerId.of(vault.jdbc().queryForObject(
                    "SELECT customer_id::text FROM customer_view ORDER BY customer_id LIMIT 1", String.class));
            CustomerId last = CustomerId.of(vault.jdbc().queryForObject(
                    "SELECT customer_id::text FROM customer_view ORDER BY customer_id DESC LIMIT 1", String.class));
            CustomerId erased = emails.keySet().stream().filter(id -> !id.equals(first) && !id.equals(last)).findFirst().orElseThrow();
            assertThat(vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + erased.value(), null, null).status()).isEqualTo(200);
            List<byte[]> oldTokens = emails.values().stream().map(email -> oldIndex.token("email", email)).toList();
            assertThat(matching(vault, oldTokens)).as("the test makes tokens as the vault does")
                    .isEqualTo(emails.size() - 1);

            assertThat(vault.post(AGENT, ROTATE, null).status()).isEqualTo(403);
            assertThat(vault.post(COMPLIANCE, ROTATE, null).status()).isEqualTo(403);
            Map<CustomerId, String> searched = new HashMap<>(emails);
            searched.keySet().removeAll(List.of(first, last, erased));
            Searches searches = new Searches(vault, searched);
            try {
                Response started = vault.post(ADMIN, ROTATE, null);
                assertThat(started.status()).as(started.body()).isEqualTo(202);
                assertThat(started.json().get("state").asText()).isEqualTo("REINDEXING");
                assertThat(started.json().get("oldKeyVersion").asInt()).isEqualTo(1);
                assertThat(started.json().get("newKeyVersion").asInt()).isEqualTo(2);
                Response again = vault.post(ADMIN, ROTATE, null);
                assertThat(again.status()).isEqualTo(202);
                assertThat(again.json().get("id").asText()).as("the running rotation, not a second one")
                        .isEqualTo(started.json().get("id").asText());
                assertThat(again.location()).isEqualTo(started.location());

                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20)).until(() ->
                        vault.get(ADMIN, started.location()).json().get("customersReindexed").asLong() >= 25);
                String firstEmail = canaries.next("first") + "@example.com";
                String lastEmail = canaries.next("last") + "@example.com";
                assertThat(vault.patch(AGENT, "/api/v1/customers/" + first.value(), "{\"email\": \"" + firstEmail + "\"}").status())
                        .isEqualTo(200);
                assertThat(vault.patch(AGENT, "/api/v1/customers/" + last.value(), "{\"email\": \"" + lastEmail + "\"}").status())
                        .isEqualTo(200);
                JsonNode during = vault.get(ADMIN, started.location()).json();
                assertThat(during.get("state").asText()).as("changed while re-indexing: " + during).isEqualTo("REINDEXING");
                assertThat(during.get("customersReindexed").asLong()).as("the last customer not reached yet").isLessThan(575);

                JsonNode completed = awaitCompleted(vault, started.location());
                assertThat(completed.get("customersReindexed").asLong()).isGreaterThanOrEqualTo(emails.size() - 1);
                assertThat(completed.get("oldKeyDestroyedAt").isTextual()).as(completed.toString()).isTrue();
                searches.stopAndRequireNoMiss();

                assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM customer_search WHERE key_version <> 2", Long.class))
                        .as("no token of the old key left").isZero();
                assertThat(matching(vault, oldTokens)).as("a token made with the old key matches nothing").isZero();
                assertThat(vault.jdbc().queryForObject("SELECT state FROM blind_index_key WHERE version = 1", String.class))
                        .isEqualTo("DESTROYED");
                String keyFile = Files.readString(data.resolve("keys").resolve("master.key"));
                assertThat(keyFile).as("the old key is gone from the key file")
                        .doesNotContain(Base64.getEncoder().encodeToString(oldKey)).doesNotContain("index 1 ").contains("index 2 ");
                assertFound(vault, firstEmail, first);
                assertFound(vault, lastEmail, last);
                assertFound(vault, emails.get(first), null);
                assertFound(vault, emails.get(last), null);
                assertFound(vault, emails.get(erased), null);
                assertThat(vault.post(AGENT, ROTATE, null).status()).isEqualTo(403);
            } finally {
                searches.stop();
            }
            vault.superuserJdbc().execute("CHECKPOINT");
        } finally {
            rootLogger.detachAppender(log);
        }
        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anyMatch(line -> line.startsWith("blind-index key rotation") && line.contains("requested by root"))
                .anyMatch(line -> line.startsWith("blind-index key rotation") && line.contains("completed"));
        assertThat(lines).as("no personal value in the log").noneMatch(line -> canaries.values().stream().anyMatch(line::contains));
        assertThat(canaries.findIn(Canaries.filesUnder(data))).as("nor anywhere in the data directory").isEmpty();
    }

    /** Killed with SIGKILL in the middle of the re-index, the vault takes the rotation up again where it was at its next start. */
    @Test
    void aRotationKilledMidwayResumesAtTheNextStartAndCompletes() throws Exception {
        Path data = root.resolve("data");
        Map<CustomerId, String> emails;
        try (RunningVault vault = RunningVault.start(data)) {
            emails = seed(vault, 800);
        }
        byte[] oldKey = indexKey(data.resolve("keys").resolve("master.key"), 1);
        Map<String, String> slow = new HashMap<>();
        SLOW_ROTATION.forEach((key, value) -> slow.put(key, value.toString()));
        long beforeKill;
        try (VaultProcess vault = VaultProcess.start(data, root.resolve("vault.log"), slow)) {
            HttpResponse<String> started = vault.send(ADMIN, "POST", ROTATE, "{}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            String location = started.headers().firstValue("Location").orElseThrow();
            AtomicLong reindexed = new AtomicLong();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).until(() -> {
                String body = vault.send(ADMIN, "GET", location, null).body();
                reindexed.set(Long.parseLong(body.replaceAll(".*\"customersReindexed\":(\\d+).*", "$1")));
                return reindexed.get() >= 100;
            });
            vault.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            beforeKill = reindexed.get();
        }
        assertThat(beforeKill).as("killed midway").isLessThan(emails.size());

        Map<String, Object> restart = new HashMap<>(SLOW_ROTATION);
        restart.put("vault.blind-index.rotation.pause", "10ms");
        try (RunningVault vault = RunningVault.start(data, restart)) {
            Searches searches = new Searches(vault, emails);
            try {
                String running = vault.jdbc().queryForObject("SELECT rotation_id::text FROM blind_index_rotation", String.class);
                JsonNode completed = awaitCompleted(vault, "/api/v1/admin/keys/blind-index/rotations/" + running);
                assertThat(completed.get("customersReindexed").asLong()).isGreaterThanOrEqualTo(emails.size());
                searches.stopAndRequireNoMiss();
            } finally {
                searches.stop();
            }
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM customer_search WHERE key_version <> 2", Long.class))
                    .isZero();
            assertThat(vault.jdbc().queryForObject("""
                    SELECT count(*) FROM customer_view v WHERE NOT EXISTS (
                        SELECT 1 FROM customer_search s WHERE s.customer_id = v.customer_id AND s.kind = 'email')""", Long.class))
                    .as("every customer searchable by email").isZero();
            BlindIndex oldIndex = new BlindIndex(new SecretKeySpec(oldKey, "HmacSHA256"));
            assertThat(matching(vault, emails.values().stream().map(email -> oldIndex.token("email", email)).toList())).isZero();
            assertThat(Files.readString(data.resolve("keys").resolve("master.key")))
                    .doesNotContain(Base64.getEncoder().encodeToString(oldKey));
        }
    }

    /** With the keys in OpenBao, the old key is a destroyed version of the KV secret, read with the root token. */
    @Test
    void rotatesWithTheKeysInOpenBaoAndDestroysTheOldVersionThere() throws Exception {
        try (OpenBaoServer openBao = OpenBaoServer.startOwn(root.resolve("openbao"))) {
            Map<String, Object> settings = new HashMap<>(openBao.vaultProperties());
            settings.putAll(SLOW_ROTATION);
            settings.put("vault.blind-index.rotation.batch-size", "10");
            try (RunningVault vault = RunningVault.start(root.resolve("data"), settings)) {
                Map<CustomerId, String> emails = seed(vault, 80);
                Logical kv = Vault.create(new VaultConfig().address(openBao.address()).token(openBao.rootToken()).build()).logical();
                byte[] oldKey = Base64.getDecoder().decode(
                        kv.read("customer-vault/deployment/blind-index", true, 1).getData().get("material"));
                BlindIndex oldIndex = new BlindIndex(new SecretKeySpec(oldKey, "HmacSHA256"));
                List<byte[]> oldTokens = emails.values().stream().map(email -> oldIndex.token("email", email)).toList();
                assertThat(matching(vault, oldTokens)).isEqualTo(emails.size());
                CustomerId erased = emails.keySet().iterator().next();
                assertThat(vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + erased.value(), null, null).status()).isEqualTo(200);
                Map<CustomerId, String> searched = new HashMap<>(emails);
                searched.remove(erased);

                Searches searches = new Searches(vault, searched);
                try {
                    Response started = vault.post(ADMIN, ROTATE, null);
                    assertThat(started.status()).as(started.body()).isEqualTo(202);
                    awaitCompleted(vault, started.location());
                    searches.stopAndRequireNoMiss();
                } finally {
                    searches.stop();
                }

                assertThat(kv.read("customer-vault/deployment/blind-index", true, 1).getData())
                        .as("version 1 destroyed in OpenBao").doesNotContainKey("material");
                Map<String, String> metadata = Vault.create(new VaultConfig().address(openBao.address())
                        .token(openBao.rootToken()).engineVersion(1).build()).logical()
                        .read("customer-vault/metadata/deployment/blind-index").getData();
                assertThat(metadata.get("versions")).containsPattern("\"1\":\\{[^}]*\"destroyed\":true")
                        .containsPattern("\"2\":\\{[^}]*\"destroyed\":false");
                assertThat(matching(vault, oldTokens)).as("a token made with the old key matches nothing").isZero();
                assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM customer_search WHERE key_version <> 2", Long.class))
                        .isZero();
                assertFound(vault, emails.get(erased), null);
            }
        }
    }

    /**
     * A key file that began as one bare line: blind-index key version 1 is derived from the master
     * key, so removing its line would destroy nothing while that master key stays. The rotation
     * retires it from search and says it is not destroyed; a master-key rotation that retires the
     * old master key lets it go, and only then is it reported destroyed.
     */
    @Test
    void aKeyDerivedFromTheMasterKeyIsReportedDestroyedOnlyOnceAMasterKeyRotationRetiresThatMasterKey() throws Exception {
        Path data = root.resolve("data");
        Path keyFile = data.resolve("keys").resolve("master.key");
        Files.createDirectories(keyFile.getParent());
        byte[] legacyMaster = new byte[32];
        new SecureRandom().nextBytes(legacyMaster);
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(legacyMaster) + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        byte[] derived = new DataKey("legacy", 1, legacyMaster).derive("customer-vault/blind-index/v1").getEncoded();
        Map<String, Object> settings = new HashMap<>(SLOW_ROTATION);
        settings.put("vault.blind-index.rotation.batch-size", "10");
        settings.put("vault.blind-index.rotation.resume-interval", "200ms");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger rootLogger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        try (RunningVault vault = RunningVault.start(data, settings)) {
            log.start();
            rootLogger.addAppender(log);
            Map<CustomerId, String> emails = seed(vault, 40);
            BlindIndex derivedIndex = new BlindIndex(new SecretKeySpec(derived, "HmacSHA256"));
            List<byte[]> oldTokens = emails.values().stream().map(email -> derivedIndex.token("email", email)).toList();
            assertThat(matching(vault, oldTokens)).as("version 1 is the key derived from the master key").isEqualTo(emails.size());

            Response started = vault.post(ADMIN, ROTATE, null);
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            JsonNode completed = awaitCompleted(vault, started.location());

            assertThat(completed.hasNonNull("oldKeyDestroyedAt")).as(completed.toString()).isFalse();
            assertThat(completed.get("oldKeyAwaitsMasterKeyRotation").asBoolean()).as(completed.toString()).isTrue();
            assertThat(matching(vault, oldTokens)).as("retired from search all the same").isZero();
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM blind_index_key WHERE version = 1"
                    + " AND state = 'DESTROYED' AND destroyed_at IS NULL", Long.class)).isEqualTo(1);
            Thread.sleep(1_000);
            assertThat(vault.get(ADMIN, started.location()).json().hasNonNull("oldKeyDestroyedAt"))
                    .as("the periodic check leaves it while the master key stays").isFalse();
            assertThat(Files.readString(keyFile)).contains(Base64.getEncoder().encodeToString(legacyMaster));

            Response masterRotated = vault.post(ADMIN, "/api/v1/admin/keys/rotation", null);
            assertThat(masterRotated.status()).as(masterRotated.body()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    vault.get(ADMIN, started.location()).json().path("oldKeyDestroyedAt").isTextual());
            JsonNode after = vault.get(ADMIN, started.location()).json();
            assertThat(after.get("oldKeyAwaitsMasterKeyRotation").asBoolean()).isFalse();
            assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM blind_index_key WHERE version = 1"
                    + " AND destroyed_at IS NOT NULL", Long.class)).isEqualTo(1);
            assertThat(Files.readString(keyFile)).as("neither the key nor the master key it is derived from is left")
                    .doesNotContain(Base64.getEncoder().encodeToString(legacyMaster))
                    .doesNotContain(Base64.getEncoder().encodeToString(derived))
                    .doesNotContain("index 1 ").contains("index 2 ");
            Map.Entry<CustomerId, String> customer = emails.entrySet().iterator().next();
            assertFound(vault, customer.getValue(), customer.getKey());
        } finally {
            rootLogger.detachAppender(log);
        }
        assertThat(log.list.stream().map(ILoggingEvent::getFormattedMessage))
                .anyMatch(line -> line.contains("key version 1 is retired from search but NOT destroyed")
                        && line.contains("rotate the master key"))
                .anyMatch(line -> line.equals("blind-index key version 1 destroyed in the key store"));
    }

    /** Registers customers with distinct emails, phones and national ids; answers their emails. */
    private Map<CustomerId, String> seed(RunningVault vault, int count) throws Exception {
        String run = Canaries.token(6);
        List<CustomerId> ids = Seeder.register(vault, count, (id, n) -> new RegisterCustomerCommand(id,
                "Rotación Cliente" + n, "rot" + run + n + "@example.com", "+54911" + String.format("%08d", n),
                "ID" + run + n, null, null, null));
        Map<CustomerId, String> emails = new HashMap<>();
        for (int n = 0; n < ids.size(); n++) {
            emails.put(ids.get(n), "rot" + run + n + "@example.com");
        }
        return emails;
    }

    /** The blind-index key of {@code version} as the local key file holds it. */
    private static byte[] indexKey(Path keyFile, int version) throws Exception {
        return Files.readAllLines(keyFile).stream().map(line -> line.trim().split("\\s+"))
                .filter(parts -> parts[0].equals("index") && parts.length == 3 && parts[1].equals(String.valueOf(version)))
                .map(parts -> Base64.getDecoder().decode(parts[2])).findFirst().orElseThrow();
    }

    private static long matching(RunningVault vault, List<byte[]> tokens) {
        return vault.jdbc().queryForObject("SELECT count(*) FROM customer_search WHERE token = ANY (?::bytea[])", Long.class,
                (Object) tokens.toArray(byte[][]::new));
    }

    private static void assertFound(RunningVault vault, String email, CustomerId expected) {
        JsonNode page = vault.get(AGENT, "/api/v1/customers?q=" + email).json();
        if (expected == null) {
            assertThat(page.get("total").asLong()).as("nobody found by " + email).isZero();
        } else {
            assertThat(page.get("total").asLong()).as(page.toString()).isEqualTo(1);
            assertThat(page.at("/items/0/id").asText()).isEqualTo(expected.value());
        }
    }

    private static JsonNode awaitCompleted(RunningVault vault, String location) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> vault.get(ADMIN, location).json().get("state").asText().equals("COMPLETED"));
        return vault.get(ADMIN, location).json();
    }

    /** Clients searching customers by email, over and over, noting every search that did not find exactly its customer. */
    private static final class Searches {

        private final AtomicBoolean searching = new AtomicBoolean(true);
        private final AtomicLong done = new AtomicLong();
        private final Queue<String> misses = new ConcurrentLinkedQueue<>();
        private final ExecutorService clients = Executors.newFixedThreadPool(SEARCHERS);

        Searches(RunningVault vault, Map<CustomerId, String> emails) {
            List<Map.Entry<CustomerId, String>> customers = new ArrayList<>(emails.entrySet());
            for (int client = 0; client < SEARCHERS; client++) {
                int offset = client;
                clients.execute(() -> {
                    for (int n = offset; searching.get(); n += SEARCHERS) {
                        Map.Entry<CustomerId, String> customer = customers.get(n % customers.size());
                        Response found = vault.get(AGENT, "/api/v1/customers?q=" + customer.getValue());
                        if (found.status() != 200 || found.json().get("total").asLong() != 1
                                || !found.json().at("/items/0/id").asText().equals(customer.getKey().value())) {
                            misses.add(customer.getKey() + ": " + found.status() + " " + found.body());
                        }
                        done.incrementAndGet();
                    }
                });
            }
        }

        void stopAndRequireNoMiss() throws InterruptedException {
            stop();
            assertThat(done.get()).as("searches ran").isPositive();
            assertThat(misses).as("searches that missed, of " + done.get()).isEmpty();
        }

        void stop() throws InterruptedException {
            searching.set(false);
            clients.shutdown();
            clients.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
