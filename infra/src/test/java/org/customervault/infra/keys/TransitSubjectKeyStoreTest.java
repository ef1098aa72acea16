package org.customervault.infra.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.api.Logical;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.ErasedKeys;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.customervault.domain.crypto.RotatedWrappingKey;
import org.customervault.domain.crypto.SubjectErasedException;
import org.customervault.infra.postgres.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Transit store against a real OpenBao server (the one of VAULT_ADDR if set, else one started by
 * {@code infra/local/openbao}) and embedded PostgreSQL.
 */
class TransitSubjectKeyStoreTest {

    @TempDir
    static Path state;
    private static EmbeddedPostgresServer postgres;
    private static PGSimpleDataSource dataSource;
    private static JdbcTemplate jdbc;
    private static OpenBaoServer openBao;
    private static OpenBaoConnection connection;
    private static TransitSubjectKeyStore keys;

    @BeforeAll
    static void start() {
        postgres = EmbeddedPostgresServer.start(state.resolve("postgres"));
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(postgres.jdbcUrl());
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        openBao = OpenBaoServer.fromEnvironmentOrStart(state.resolve("openbao"));
        connection = OpenBaoConnection.open(openBao.connectionSettings());
        keys = node(connection);
    }

    @AfterAll
    static void stop() {
        connection.close();
        openBao.close();
        postgres.close();
    }

    /** A node of the vault as it starts: the fence read from OpenBao, the Transit key's newest version read. */
    private static TransitSubjectKeyStore node(OpenBaoConnection session) {
        return TransitSubjectKeyStore.open(dataSource, session, TransitKeyWrapping.DEFAULT_MOUNT,
                TransitKeyWrapping.DEFAULT_KEY, OpenBaoFence.read(session));
    }

    @Test
    void createsOneKeyPerSubjectKeptWrappedInTheTableAndReadsItBack() {
        String subject = UUID.randomUUID().toString();
        DataKey key = keys.keyForWriting(subject);

        assertThat(keys.keyForWriting(subject)).isEqualTo(key);
        assertThat(keys.keyForReading(subject, key.keyId(), key.version())).isEqualTo(key);
        assertThat(node(connection).keyForReading(subject, key.keyId(), key.version())).as("on another node").isEqualTo(key);
        assertThat(keys.keyForWriting(UUID.randomUUID().toString())).isNotEqualTo(key);
        Map<String, Object> row = jdbc.queryForMap("SELECT master_key_id, wrapped_key FROM subject_key WHERE subject_id = ?", subject);
        assertThat((String) row.get("master_key_id")).startsWith("data-keys:v");
        assertThat(new String((byte[]) row.get("wrapped_key"))).startsWith("vault:v");
    }

    @Test
    void aKeyCreatedInsideATransactionThatRollsBackIsGoneAndNeverRemembered() {
        String subject = UUID.randomUUID().toString();
        AtomicBoolean remembered = new AtomicBoolean();

        DataKey rolledBack = new TransactionTemplate(new DataSourceTransactionManager(dataSource)).execute(status -> {
            status.setRollbackOnly();
            DataKey key = keys.keyForWriting(subject);
            keys.onceKept(subject, key, () -> remembered.set(true));
            assertThat(keys.keyForWriting(subject)).as("the same transaction's next field").isSameAs(key);
            return key;
        });

        assertThat(remembered).isFalse();
        assertThat(keyIds(subject)).isEmpty();
        assertThat(keys.keyForWriting(subject).keyId()).isNotEqualTo(rolledBack.keyId());
    }

    @Test
    void aDatabaseRestoredFromBeforeAnErasureCannotBringTheSubjectBack() {
        String subject = UUID.randomUUID().toString();
        DataKey key = keys.keyForWriting(subject);
        Map<String, Object> backup = jdbc.queryForMap("SELECT * FROM subject_key WHERE subject_id = ?", subject);

        ErasedKeys erased = keys.destroy(subject);
        assertThat(keys.uncertifiedErasures()).contains(subject);
        keys.certify(erased, "certificate-hash");
        assertThat(keys.uncertifiedErasures()).doesNotContain(subject);
        assertThat(OpenBaoFence.read(connection).contains(subject)).as("the fence in OpenBao").isTrue();

        jdbc.update("DELETE FROM erasure_fence WHERE subject_id = ?", subject);
        jdbc.update("INSERT INTO subject_key (subject_id, key_version, key_id, master_key_id, wrapped_key) VALUES (?, ?, ?, ?, ?)",
                subject, backup.get("key_version"), backup.get("key_id"), backup.get("master_key_id"), backup.get("wrapped_key"));
        TransitSubjectKeyStore restarted = node(connection);

        assertThatThrownBy(() -> restarted.keyForReading(subject, key.keyId(), key.version()))
                .isInstanceOf(SubjectErasedException.class);
        assertThatThrownBy(() -> restarted.keyForWriting(subject)).isInstanceOf(SubjectErasedException.class);
        assertThat(restarted.erasedSubjects()).contains(subject);
        assertThat(restarted.erasedAmong(List.of(subject, UUID.randomUUID().toString()))).containsExactly(subject);
        assertThat(restarted.uncertifiedErasures()).doesNotContain(subject);
    }

    @Test
    void anErasureOnAnotherNodeReachesThisNodesFenceAtItsNextRead() {
        String subject = UUID.randomUUID().toString();
        keys.keyForWriting(subject);
        try (OpenBaoFence fence = OpenBaoFence.read(connection)) {
            Set<String> told = ConcurrentHashMap.newKeySet();
            fence.whenErasedElsewhere(told::add);
            Instant firstRead = fence.readAt();
            fence.keepReading(Duration.ofMillis(200));
            assertThat(fence.contains(subject)).isFalse();

            TransitSubjectKeyStore other = node(connection);
            other.certify(other.destroy(subject), "hash");

            await().atMost(Duration.ofSeconds(10)).until(() -> fence.contains(subject));
            assertThat(told).as("the key cache is told to forget the subject").containsExactly(subject);
            assertThat(fence.readAt()).isAfter(firstRead);
            assertThat(fence.lastFailure()).isEmpty();
        }
    }

    /**
     * The fence changed outside the vault: a shard whose newest version was deleted or destroyed is refused,
     * naming the command that restores it, by a node starting and by an erasure's certification; an entry
     * removed with its shard's whole history is written back by a node that had read it.
     */
    @Test
    void aFenceShardDeletedOutsideTheVaultIsRefusedAndAnEntryItLostIsWrittenBack() throws Exception {
        List<String> subjects = subjectsOfOneShard(3);
        String shard = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(subjects.get(0).getBytes(StandardCharsets.UTF_8)), 0, 1);
        String mount = openBao.connectionSettings().mount();
        String path = mount + "/%s/erased-shards/" + shard;
        for (String erased : List.of(subjects.get(0), subjects.get(2))) {
            keys.keyForWriting(erased);
            keys.certify(keys.destroy(erased), "hash");
        }
        OpenBaoFence knowing = OpenBaoFence.read(connection);
        keys.keyForWriting(subjects.get(1));
        ErasedKeys second = keys.destroy(subjects.get(1));
        Logical root = Vault.create(new VaultConfig().address(openBao.address()).token(openBao.rootToken())
                .engineVersion(1).build()).logical();

        root.delete(path.formatted("data"));
        try {
            assertThatThrownBy(() -> OpenBaoFence.read(connection)).as("a node starting")
                    .isInstanceOf(KeyStoreUnavailableException.class)
                    .hasMessageContaining("bao kv undelete").hasMessageContaining("erased-shards/" + shard);
            assertThatThrownBy(() -> keys.certify(second, "hash")).isInstanceOf(KeyStoreUnavailableException.class)
                    .hasMessageContaining("bao kv undelete");
            assertThat(keys.uncertifiedErasures()).contains(subjects.get(1));

            int newest = Integer.parseInt(root.read(path.formatted("metadata")).getData().get("current_version"));
            Vault.create(new VaultConfig().address(openBao.address()).token(openBao.rootToken()).engineVersion(2).build())
                    .logical().destroy(mount + "/erased-shards/" + shard, new int[] {newest});
            assertThatThrownBy(() -> OpenBaoFence.read(connection)).as("destroyed, not only deleted")
                    .isInstanceOf(KeyStoreUnavailableException.class)
                    .hasMessageContaining("bao kv rollback -version=" + (newest - 1));
        } finally {
            root.delete(path.formatted("metadata"));
        }
        assertThat(OpenBaoFence.read(connection).subjects()).as("gone with its history")
                .doesNotContain(subjects.get(0), subjects.get(2));

        knowing.refresh();
        assertThat(OpenBaoFence.read(connection).subjects()).as("written back").contains(subjects.get(0), subjects.get(2));
        keys.certify(second, "hash");
        assertThat(OpenBaoFence.read(connection).subjects()).containsAll(subjects);
    }

    /** The subjects share one shard of the fence, so the nodes' writes meet at its check-and-set. */
    @Test
    void nodesErasingAtOnceLoseNoFenceEntry() throws Exception {
        List<String> subjects = subjectsOfOneShard(24);
        List<Callable<Void>> erasures = new ArrayList<>();
        for (String subject : subjects) {
            keys.keyForWriting(subject);
            TransitSubjectKeyStore node = node(connection);
            erasures.add(() -> {
                node.certify(node.destroy(subject), "hash");
                return null;
            });
        }
        runAll(erasures);

        assertThat(OpenBaoFence.read(connection).subjects()).containsAll(subjects);
    }

    @Test
    void refusesToStartOnATransitKeyThatIsNotDerivedOrCanLeaveOpenBao() throws Exception {
        Logical root = Vault.create(new VaultConfig().address(openBao.address()).token(openBao.rootToken())
                .engineVersion(1).build()).logical();
        String notDerived = "not-derived-" + UUID.randomUUID();
        root.write(TransitKeyWrapping.DEFAULT_MOUNT + "/keys/" + notDerived, Map.of("derived", false));
        String exportable = "exportable-" + UUID.randomUUID();
        root.write(TransitKeyWrapping.DEFAULT_MOUNT + "/keys/" + exportable, Map.of("derived", true, "exportable", true));
        OpenBaoConnection.Settings settings = openBao.connectionSettings();
        try (OpenBaoConnection rootSession = OpenBaoConnection.open(new OpenBaoConnection.Settings(settings.address(),
                settings.namespace(), settings.mount(), settings.timeout(), new OpenBaoConnection.Token(openBao.rootToken()),
                settings.tls(), settings.probeInterval(), settings.readRetries()))) {

            assertThatThrownBy(() -> new TransitKeyWrapping(rootSession, TransitKeyWrapping.DEFAULT_MOUNT, notDerived))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("/keys/" + notDerived)
                    .hasMessageContaining("it is not derived").hasMessageContaining("derived=true");
            assertThatThrownBy(() -> new TransitKeyWrapping(rootSession, TransitKeyWrapping.DEFAULT_MOUNT, exportable))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("/keys/" + exportable)
                    .hasMessageContaining("it is exportable").hasMessageNotContaining("not derived");
            assertThat(new TransitKeyWrapping(rootSession, TransitKeyWrapping.DEFAULT_MOUNT, TransitKeyWrapping.DEFAULT_KEY)
                    .wrappingKeyId()).as("the key the local setup creates").startsWith(TransitKeyWrapping.DEFAULT_KEY + ":v");
        }
    }

    @Test
    void itemsAndAnswersNeverPrintKeyMaterial() {
        String material = Base64.getEncoder().encodeToString("key material".getBytes(StandardCharsets.UTF_8));

        assertThat(new TransitKeyWrapping.Item("plaintext", material, "context").toString()).doesNotContain(material);
        assertThat(new TransitKeyWrapping.Answer(material, null).toString()).doesNotContain(material);
    }

    @Test
    void aWrappedKeyMovedToAnotherSubjectsRowIsRefused() {
        String owner = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        DataKey ownersKey = keys.keyForWriting(owner);
        DataKey othersKey = keys.keyForWriting(other);

        jdbc.update("UPDATE subject_key SET wrapped_key = (SELECT wrapped_key FROM subject_key WHERE subject_id = ?) WHERE subject_id = ?",
                owner, other);
        assertThatThrownBy(() -> node(connection).keyForReading(other, othersKey.keyId(), othersKey.version()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not open");

        jdbc.update("DELETE FROM subject_key WHERE subject_id = ?", other);
        jdbc.update("UPDATE subject_key SET subject_id = ? WHERE subject_id = ?", other, owner);
        assertThatThrownBy(() -> node(connection).keyForReading(other, ownersKey.keyId(), ownersKey.version()))
                .as("the owner's whole row").isInstanceOf(IllegalStateException.class);
        // a row that does not open would stop every rotation, as it should in a real deployment
        jdbc.update("DELETE FROM subject_key WHERE subject_id = ?", other);
    }

    @Test
    void rotationWrapsEveryKeyAgainAndKeysWrappedBeforeStillOpen() {
        List<DataKey> created = new ArrayList<>();
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            subjects.add(UUID.randomUUID().toString());
            created.add(keys.keyForWriting(subjects.get(i)));
        }
        byte[] wrappedBefore = jdbc.queryForObject("SELECT wrapped_key FROM subject_key WHERE subject_id = ?", byte[].class,
                subjects.get(0));

        RotatedWrappingKey rotated = keys.rotateWrappingKey();

        assertThat(rotated.store()).isEqualTo("transit");
        assertThat(rotated.rewrappedDataKeys()).isGreaterThanOrEqualTo(3);
        assertThat(jdbc.queryForList("SELECT DISTINCT master_key_id FROM subject_key", String.class))
                .containsExactly(rotated.wrappingKey());
        for (int i = 0; i < 3; i++) {
            assertThat(node(connection).keyForReading(subjects.get(i), created.get(i).keyId(), 1)).isEqualTo(created.get(i));
        }
        jdbc.update("UPDATE subject_key SET wrapped_key = ? WHERE subject_id = ?", wrappedBefore, subjects.get(0));
        assertThat(node(connection).keyForReading(subjects.get(0), created.get(0).keyId(), 1))
                .as("wrapped under the version before").isEqualTo(created.get(0));
    }

    @Test
    void concurrentRegistrationsShareBatchesAndEachGetsItsOwnKey() throws Exception {
        List<String> subjects = new ArrayList<>();
        List<Callable<DataKey>> registrations = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String subject = UUID.randomUUID().toString();
            subjects.add(subject);
            registrations.add(() -> new TransactionTemplate(new DataSourceTransactionManager(dataSource))
                    .execute(status -> keys.keyForWriting(subject)));
        }
        List<DataKey> handedOut = runAll(registrations);

        TransitSubjectKeyStore another = node(connection);
        for (int i = 0; i < subjects.size(); i++) {
            assertThat(another.keyForReading(subjects.get(i), handedOut.get(i).keyId(), 1)).isEqualTo(handedOut.get(i));
        }
        assertThat(Set.copyOf(handedOut)).hasSize(subjects.size());
    }

    @Test
    void failsClosedWhileOpenBaoIsDownAndRecordsTheModeOfItsDeployment(@TempDir Path own) {
        String subject = UUID.randomUUID().toString();
        try (OpenBaoServer server = OpenBaoServer.startOwn(own, "--persistent");
             OpenBaoConnection session = OpenBaoConnection.open(server.connectionSettings())) {
            OpenBaoKeyStore kv = new OpenBaoKeyStore(session);
            kv.requireDataKeys(OpenBaoDataKeys.TRANSIT);
            assertThatThrownBy(() -> kv.requireDataKeys(OpenBaoDataKeys.KV)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("mode 'transit'").hasMessageContaining("VAULT_DATA_KEYS");
            TransitSubjectKeyStore store = node(session);
            DataKey key = store.keyForWriting(subject);

            server.stop();

            String newcomer = UUID.randomUUID().toString();
            assertThatThrownBy(() -> store.keyForWriting(newcomer)).isInstanceOf(KeyStoreUnavailableException.class);
            assertThat(keyIds(newcomer)).isEmpty();
            assertThatThrownBy(() -> store.keyForReading(subject, key.keyId(), key.version()))
                    .isInstanceOf(KeyStoreUnavailableException.class);
            assertThatThrownBy(() -> store.certify(new ErasedKeys(subject, List.of(key.keyId()), Instant.now()), "hash"))
                    .isInstanceOf(KeyStoreUnavailableException.class);

            server.start();
            assertThat(store.keyForReading(subject, key.keyId(), key.version())).isEqualTo(key);
        } finally {
            // wrapped by this server's Transit key, which the other tests' server cannot re-wrap
            jdbc.update("DELETE FROM subject_key WHERE subject_id = ?", subject);
        }
    }

    @Test
    void aDeploymentThatStartedBeforeTheModeWasRecordedKeepsKv(@TempDir Path own) {
        try (OpenBaoServer server = OpenBaoServer.startOwn(own);
             OpenBaoConnection session = OpenBaoConnection.open(server.connectionSettings())) {
            OpenBaoKeyStore store = new OpenBaoKeyStore(session);
            store.signingKey();

            assertThatThrownBy(() -> store.requireDataKeys(OpenBaoDataKeys.TRANSIT)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("mode 'kv'");
            store.requireDataKeys(OpenBaoDataKeys.KV);
        }
    }

    /** Subjects whose SHA-256 begins with the same byte, as the fence's shards are chosen. */
    private static List<String> subjectsOfOneShard(int count) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte shard = (byte) ThreadLocalRandom.current().nextInt(256);
        List<String> subjects = new ArrayList<>();
        while (subjects.size() < count) {
            String subject = UUID.randomUUID().toString();
            if (sha256.digest(subject.getBytes(StandardCharsets.UTF_8))[0] == shard) {
                subjects.add(subject);
            }
        }
        return subjects;
    }

    private static List<String> keyIds(String subject) {
        return jdbc.queryForList("SELECT key_id FROM subject_key WHERE subject_id = ?", String.class, subject);
    }

    private static <T> List<T> runAll(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> result : pool.invokeAll(calls)) {
                results.add(result.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
