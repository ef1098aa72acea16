package org.customervault.infra.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import javax.sql.DataSource;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.ErasedKeys;
import org.customervault.domain.crypto.FieldCipher;
import org.customervault.domain.crypto.MissingKeyException;
import org.customervault.domain.crypto.RotatedWrappingKey;
import org.customervault.domain.crypto.SubjectCipher;
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
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

class LocalSubjectKeyStoreTest {

    @TempDir
    static Path dataDir;
    private static EmbeddedPostgresServer server;
    private static PGSimpleDataSource dataSource;

    private final FieldCipher cipher = new FieldCipher();

    @BeforeAll
    static void startPostgres() {
        server = EmbeddedPostgresServer.start(dataDir);
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.jdbcUrl());
        dataSource.setUser(server.username());
        dataSource.setPassword(server.password());
        Flyway.configure().dataSource(dataSource).load().migrate();
    }

    @AfterAll
    static void stopPostgres() {
        server.close();
    }

    private LocalSubjectKeyStore store(Path masterKeyFile) {
        return new LocalSubjectKeyStore(dataSource, MasterKeyring.loadOrCreate(masterKeyFile), fenceFile(masterKeyFile), cipher);
    }

    private static FenceFile fenceFile(Path masterKeyFile) {
        return FenceFile.openOrCreate(masterKeyFile.resolveSibling("erasure-fence"));
    }

    @Test
    void createsOneKeyPerSubjectAndReadsItBack() {
        LocalSubjectKeyStore keys = store(dataDir.resolve("master.key"));
        SubjectCipher subjectCipher = new SubjectCipher(keys, cipher);

        String sealed = subjectCipher.encrypt("subject-a", "test.field", "hello".getBytes(StandardCharsets.UTF_8));
        DataKey first = keys.keyForWriting("subject-a");

        assertThat(keys.keyForWriting("subject-a")).isEqualTo(first);
        assertThat(keys.keyForWriting("subject-b")).isNotEqualTo(first);
        assertThat(new String(subjectCipher.decrypt("subject-a", "test.field", sealed), StandardCharsets.UTF_8))
                .isEqualTo("hello");
    }

    @Test
    void aKeyCreatedInsideATransactionIsRememberedOnlyOnceItCommits() {
        LocalSubjectKeyStore keys = store(dataDir.resolve("master.key"));
        AtomicBoolean remembered = new AtomicBoolean();

        DataKey created = inTransaction().execute(status -> {
            DataKey key = keyTellingOnceKept(keys, "subject-committed", remembered);
            assertThat(keys.keyForWriting("subject-committed")).as("the same transaction's next field").isSameAs(key);
            assertThat(remembered).as("the transaction may still roll back").isFalse();
            assertThat(keyIdsSeenByAnotherConnection("subject-committed")).isEmpty();
            return key;
        });

        assertThat(remembered).isTrue();
        assertThat(keyIdsSeenByAnotherConnection("subject-committed")).containsExactly(created.keyId());
    }

    @Test
    void aKeyCreatedInsideATransactionThatRollsBackIsGoneAndNeverRemembered() {
        LocalSubjectKeyStore keys = store(dataDir.resolve("master.key"));
        AtomicBoolean remembered = new AtomicBoolean();

        DataKey rolledBack = inTransaction().execute(status -> {
            status.setRollbackOnly();
            return keyTellingOnceKept(keys, "subject-rolled-back", remembered);
        });

        assertThat(remembered).isFalse();
        assertThat(keyIdsSeenByAnotherConnection("subject-rolled-back")).isEmpty();
        DataKey next = keys.keyForWriting("subject-rolled-back");
        assertThat(next.keyId()).isNotEqualTo(rolledBack.keyId());
        assertThat(keyIdsSeenByAnotherConnection("subject-rolled-back")).containsExactly(next.keyId());
    }

    @Test
    void aKeyCreatedOutsideATransactionIsKeptAtOnce() {
        LocalSubjectKeyStore keys = store(dataDir.resolve("master.key"));
        AtomicBoolean remembered = new AtomicBoolean();

        DataKey key = keyTellingOnceKept(keys, "subject-autocommit", remembered);

        assertThat(remembered).isTrue();
        assertThat(keyIdsSeenByAnotherConnection("subject-autocommit")).containsExactly(key.keyId());
    }

    /**
     * A second first write for the same subject, in another transaction, waits for the one that
     * created a key: if that one rolls back, the waiting one must not end up with the vanished key.
     */
    @Test
    void aConcurrentFirstWriteNeverGetsAKeyThatRolledBack() throws Exception {
        DataKey[] firstAndSecond = concurrentFirstWrites("subject-contended-rollback", false);

        assertThat(firstAndSecond[1].keyId()).isNotEqualTo(firstAndSecond[0].keyId());
        assertThat(keyIdsSeenByAnotherConnection("subject-contended-rollback")).containsExactly(firstAndSecond[1].keyId());
    }

    @Test
    void aConcurrentFirstWriteUsesTheKeyThatCommittedWhileItWaited() throws Exception {
        DataKey[] firstAndSecond = concurrentFirstWrites("subject-contended-commit", true);

        assertThat(firstAndSecond[1].keyId()).isEqualTo(firstAndSecond[0].keyId());
        assertThat(keyIdsSeenByAnotherConnection("subject-contended-commit")).containsExactly(firstAndSecond[0].keyId());
    }

    /** The keys handed to a first write and to a second one that began before the first ended. */
    private DataKey[] concurrentFirstWrites(String subjectId, boolean firstCommits) throws Exception {
        LocalSubjectKeyStore keys = store(dataDir.resolve("master.key"));
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            TransactionStatus first = transactions.getTransaction(TransactionDefinition.withDefaults());
            DataKey firstKey = keys.keyForWriting(subjectId);
            Future<DataKey> second = other.submit(() -> inTransaction().execute(status -> keys.keyForWriting(subjectId)));
            await("the second write waits for the first transaction").during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());

            if (firstCommits) {
                transactions.commit(first);
            } else {
                transactions.rollback(first);
            }
            return new DataKey[] {firstKey, second.get(30, TimeUnit.SECONDS)};
        } finally {
            other.shutdownNow();
        }
    }

    /** The subject's key for writing; {@code kept} is set once the store says the key stays. */
    private static DataKey keyTellingOnceKept(LocalSubjectKeyStore keys, String subjectId, AtomicBoolean kept) {
        DataKey key = keys.keyForWriting(subjectId);
        keys.onceKept(subjectId, key, () -> kept.set(true));
        return key;
    }

    private static TransactionTemplate inTransaction() {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** Read through a data source no transaction of the store's is bound to. */
    private static List<String> keyIdsSeenByAnotherConnection(String subjectId) {
        PGSimpleDataSource another = new PGSimpleDataSource();
        another.setURL(server.jdbcUrl());
        another.setUser(server.username());
        another.setPassword(server.password());
        return new JdbcTemplate(another).queryForList("SELECT key_id FROM subject_key WHERE subject_id = ?", String.class, subjectId);
    }

    @Test
    void anErasedSubjectGetsNoKeyAgain() {
        LocalSubjectKeyStore keys = store(dataDir.resolve("master.key"));
        DataKey key = keys.keyForWriting("subject-erased");

        ErasedKeys erased = keys.destroy("subject-erased");

        assertThat(erased.keyIds()).containsExactly(key.keyId());
        assertThatThrownBy(() -> keys.keyForWriting("subject-erased")).isInstanceOf(SubjectErasedException.class);
        assertThatThrownBy(() -> keys.keyForReading("subject-erased", key.keyId(), key.version()))
                .isInstanceOf(SubjectErasedException.class);
        keys.destroy("subject-never-written");
        assertThatThrownBy(() -> keys.keyForWriting("subject-never-written")).isInstanceOf(SubjectErasedException.class);        assertThat(keys.erasedAmong(List.of("subject-erased", "subject-never-written", "subject-not-erased")))
                .containsExactlyInAnyOrder("subject-erased", "subject-never-written");
    }

    /**
     * A restore of a database backup from before the erasure puts the key row back and takes the
     * table's fence away; the fence file, beside the master key, still refuses the key.
     */
    @Test
    void aKeyRestoredWithTheDatabaseIsRefusedWhenTheFenceFileKnowsTheErasure() {
        Path masterKey = dataDir.resolve("restore").resolve("master.key");
        LocalSubjectKeyStore keys = store(masterKey);
        DataKey key = keys.keyForWriting("subject-restored");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        List<Map<String, Object>> backup = jdbc.queryForList("SELECT * FROM subject_key WHERE subject_id = ?",
                "subject-restored");
        ErasedKeys erased = keys.destroy("subject-restored");
        assertThat(keys.uncertifiedErasures()).contains("subject-restored");
        keys.certify(erased, "sha256:" + "0".repeat(64));
        keys.certify(erased, "sha256:" + "1".repeat(64));

        jdbc.update("DELETE FROM erasure_fence WHERE subject_id = ?", "subject-restored");
        backup.forEach(row -> jdbc.update("""
                INSERT INTO subject_key (subject_id, key_version, key_id, master_key_id, wrapped_key)
                VALUES (?, ?, ?, ?, ?)""", row.get("subject_id"), row.get("key_version"), row.get("key_id"),
                row.get("master_key_id"), row.get("wrapped_key")));
        LocalSubjectKeyStore restarted = store(masterKey);

        assertThatThrownBy(() -> restarted.keyForReading("subject-restored", key.keyId(), key.version()))
                .isInstanceOf(SubjectErasedException.class);
        assertThatThrownBy(() -> restarted.keyForWriting("subject-restored")).isInstanceOf(SubjectErasedException.class);
        assertThat(restarted.erasedSubjects()).contains("subject-restored");
        assertThat(restarted.erasedAmong(List.of("subject-restored"))).as("from the file, the table forgot it")
                .containsExactly("subject-restored");
        assertThat(restarted.uncertifiedErasures()).doesNotContain("subject-restored");
        assertThat(restarted.destroy("subject-restored").keyIds()).as("the restored row is deleted")
                .containsExactly(key.keyId());
        assertThat(FenceFile.openOrCreate(masterKey.resolveSibling("erasure-fence")).subjects())
                .containsExactly("subject-restored");
    }

    @Test
    void aFreshStoreOnTheSameDatabaseAndMasterKeyReadsTheSameKeys() {
        Path masterKey = dataDir.resolve("shared-master.key");
        String sealed = new SubjectCipher(store(masterKey), cipher)
                .encrypt("subject-c", "test.field", "kept".getBytes(StandardCharsets.UTF_8));

        assertThat(new SubjectCipher(store(masterKey), cipher).decrypt("subject-c", "test.field", sealed))
                .asString(StandardCharsets.UTF_8).isEqualTo("kept");
    }

    @Test
    void theDatabaseHoldsOnlyWrappedKeys() {
        LocalSubjectKeyStore keys = store(dataDir.resolve("master.key"));
        keys.keyForWriting("subject-d");

        byte[] wrapped = new JdbcTemplate(dataSource).queryForObject(
                "SELECT wrapped_key FROM subject_key WHERE subject_id = 'subject-d'", byte[].class);
        // nonce + 32 bytes of key + 16 bytes of tag: the raw 32 bytes never appear alone
        assertThat(wrapped).hasSize(12 + 32 + 16);
    }

    @Test
    void anotherMasterKeyCannotUnwrapTheKeys() {
        store(dataDir.resolve("master.key")).keyForWriting("subject-e");
        LocalSubjectKeyStore withOtherMasterKey = store(dataDir.resolve("other-master.key"));

        assertThatThrownBy(() -> withOtherMasterKey.keyForWriting("subject-e"))
                .hasMessageContaining("master key");
    }

    @Test
    void anUnknownKeyIsMissing() {
        LocalSubjectKeyStore keys = store(dataDir.resolve("master.key"));

        assertThatThrownBy(() -> keys.keyForReading("subject-f", "no-such-key", 1))
                .isInstanceOf(MissingKeyException.class);
    }

    @Test
    void concurrentFirstWritesAgreeOnOneKey() throws Exception {
        LocalSubjectKeyStore keys = store(dataDir.resolve("master.key"));
        assertThat(ConcurrentFirstWrites.keysHandedOut(keys, "subject-g")).hasSize(1);
    }

    @Test
    void theMasterKeyFileIsOwnerOnly() throws Exception {
        Path file = dataDir.resolve("new-keys-directory").resolve("perm-master.key");
        MasterKeyring.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> MasterKeyring.loadOrCreate(file)).hasMessageContaining("owner only");
    }

    @Test
    void canRotateTheMasterKeyWithoutChangingAnyDataKeyOrTheIndexKey() throws Exception {
        oneKeyringInTheDatabase();
        Path file = dataDir.resolve("rotation").resolve("master.key");
        LocalSubjectKeyStore keys = store(file);
        SubjectCipher subjectCipher = new SubjectCipher(keys, cipher);
        String sealed = subjectCipher.encrypt("subject-r", "test.field", "kept".getBytes(StandardCharsets.UTF_8));
        DataKey key = keys.keyForWriting("subject-r");
        String oldMaster = MasterKeyring.loadOrCreate(file).current().keyId();
        byte[] indexKey = MasterKeyring.loadOrCreate(file).blindIndexKey(1).orElseThrow().getEncoded();

        RotatedWrappingKey rotated = keys.rotateWrappingKey();

        assertThat(rotated.store()).isEqualTo("local");
        assertThat(rotated.wrappingKey()).isNotEqualTo(oldMaster);
        assertThat(rotated.rewrappedDataKeys()).isPositive();
        assertThat(new JdbcTemplate(dataSource).queryForList("SELECT DISTINCT master_key_id FROM subject_key", String.class))
                .containsExactly(rotated.wrappingKey());
        assertThat(Files.readAllLines(file)).as("the blind-index key and the master key in use").hasSize(2);
        assertThat(MasterKeyring.loadOrCreate(file).byId(oldMaster)).as("the old master key is gone from the file").isEmpty();
        LocalSubjectKeyStore afterRestart = store(file);
        assertThat(afterRestart.keyForReading("subject-r", key.keyId(), key.version())).isEqualTo(key);
        assertThat(new String(new SubjectCipher(afterRestart, cipher).decrypt("subject-r", "test.field", sealed),
                StandardCharsets.UTF_8)).isEqualTo("kept");
        assertThat(MasterKeyring.loadOrCreate(file).blindIndexKey(1).orElseThrow().getEncoded()).isEqualTo(indexKey);
    }

    @Test
    void readsAMasterKeyFileOfOneBareKeyAndKeepsItsIndexKeyThroughARotation() throws Exception {
        oneKeyringInTheDatabase();
        Path file = dataDir.resolve("legacy").resolve("master.key");
        Files.createDirectories(file.getParent());
        Files.writeString(file, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        MasterKeyring legacy = MasterKeyring.loadOrCreate(file);
        byte[] indexKey = legacy.blindIndexKey(1).orElseThrow().getEncoded();
        LocalSubjectKeyStore keys = new LocalSubjectKeyStore(dataSource, legacy, fenceFile(file), cipher);
        DataKey key = keys.keyForWriting("subject-l");

        keys.rotateWrappingKey();

        MasterKeyring rotated = MasterKeyring.loadOrCreate(file);
        assertThat(rotated.blindIndexKey(1).orElseThrow().getEncoded()).isEqualTo(indexKey);
        assertThat(new LocalSubjectKeyStore(dataSource, rotated, fenceFile(file), cipher).keyForReading("subject-l", key.keyId(), key.version()))
                .isEqualTo(key);
    }

    /**
     * A registration that wrapped its key under the old master key and commits while a rotation runs:
     * the rotation waits for it, re-wraps its row too, and only then retires the old master key.
     */
    @Test
    void aRotationWaitsForKeysWrappedUnderTheOldMasterKeyAndRewrapsThem() throws Exception {
        oneKeyringInTheDatabase();
        Path file = dataDir.resolve("rotation-during-registration").resolve("master.key");
        LocalSubjectKeyStore keys = store(file);
        String oldMaster = MasterKeyring.loadOrCreate(file).current().keyId();
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        ExecutorService rotator = Executors.newSingleThreadExecutor();
        try {
            TransactionStatus registration = transactions.getTransaction(TransactionDefinition.withDefaults());
            DataKey key = keys.keyForWriting("subject-in-flight");
            Future<RotatedWrappingKey> rotation = rotator.submit(keys::rotateWrappingKey);
            assertThatThrownBy(() -> rotation.get(500, TimeUnit.MILLISECONDS))
                    .as("waits for the registration").isInstanceOf(TimeoutException.class);

            transactions.commit(registration);
            RotatedWrappingKey rotated = rotation.get(30, TimeUnit.SECONDS);

            assertThat(rotated.rewrappedDataKeys()).isEqualTo(1);
            assertThat(new JdbcTemplate(dataSource).queryForList("SELECT DISTINCT master_key_id FROM subject_key", String.class))
                    .containsExactly(rotated.wrappingKey());
            assertThat(MasterKeyring.loadOrCreate(file).byId(oldMaster)).as("retired").isEmpty();
            assertThat(store(file).keyForReading("subject-in-flight", key.keyId(), key.version())).isEqualTo(key);
        } finally {
            rotator.shutdownNow();
        }
    }

    /**
     * When a transaction holding a key wrapped under the old master key outlasts the rotation's
     * patience, the old master key stays in the file and the next rotation retires it.
     */
    @Test
    void anOldMasterKeyStaysWhileAKeyWrappedByItMayStillCommit() throws Exception {
        oneKeyringInTheDatabase();
        Path file = dataDir.resolve("impatient-rotation").resolve("master.key");
        LocalSubjectKeyStore keys = new LocalSubjectKeyStore(dataSource, MasterKeyring.loadOrCreate(file), fenceFile(file),
                cipher, Duration.ofMillis(100));
        String oldMaster = MasterKeyring.loadOrCreate(file).current().keyId();
        DataKey key = inTransaction().execute(status -> {
            DataKey created = keys.keyForWriting("subject-slow");
            keys.rotateWrappingKey();
            return created;
        });

        assertThat(new JdbcTemplate(dataSource).queryForList("SELECT master_key_id FROM subject_key", String.class))
                .as("committed after the rotation re-wrapped").containsExactly(oldMaster);
        assertThat(MasterKeyring.loadOrCreate(file).byId(oldMaster)).as("kept").isPresent();
        assertThat(store(file).keyForReading("subject-slow", key.keyId(), key.version()))
                .as("read after a restart").isEqualTo(key);

        RotatedWrappingKey next = keys.rotateWrappingKey();

        assertThat(new JdbcTemplate(dataSource).queryForList("SELECT master_key_id FROM subject_key", String.class))
                .containsExactly(next.wrappingKey());
        assertThat(Files.readAllLines(file)).as("the blind-index key and the master key in use").hasSize(2);
        assertThat(MasterKeyring.loadOrCreate(file).byId(oldMaster)).as("retired").isEmpty();
        assertThat(store(file).keyForReading("subject-slow", key.keyId(), key.version())).isEqualTo(key);
    }

    /**
     * A read that found its row, wrapped by the old master key, just before a rotation re-wrapped it:
     * the read holds the keyring from before its query, so the rotation keeps the old master key for it.
     */
    @Test
    void aReadThatFoundARowBeforeARotationStillUnwrapsIt() throws Exception {
        oneKeyringInTheDatabase();
        Path file = dataDir.resolve("rotation-during-read").resolve("master.key");
        Set<Thread> paused = ConcurrentHashMap.newKeySet();
        CountDownLatch rowRead = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        LocalSubjectKeyStore keys = new LocalSubjectKeyStore(pausingAfterQuery(paused, rowRead, resume),
                MasterKeyring.loadOrCreate(file), fenceFile(file), cipher, Duration.ofMillis(100));
        DataKey key = keys.keyForWriting("subject-read-during-rotation");
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<DataKey> read = reader.submit(() -> {
                paused.add(Thread.currentThread());
                return keys.keyForReading("subject-read-during-rotation", key.keyId(), key.version());
            });
            rowRead.await();

            keys.rotateWrappingKey();
            resume.countDown();

            assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(key);
        } finally {
            resume.countDown();
            reader.shutdownNow();
        }
    }

    /** Connections of the {@code paused} threads, once their query is read, wait for {@code resume} before they close. */
    private static DataSource pausingAfterQuery(Set<Thread> paused, CountDownLatch rowRead, CountDownLatch resume) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (source, method, arguments) -> {
                    Object result = invoke(dataSource, method, arguments);
                    if (!(result instanceof Connection connection)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (proxy, connectionMethod, connectionArguments) -> {
                                if (connectionMethod.getName().equals("close") && paused.contains(Thread.currentThread())) {
                                    rowRead.countDown();
                                    resume.await();
                                }
                                return invoke(connection, connectionMethod, connectionArguments);
                            });
                });
    }

    private static Object invoke(Object target, Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A deployment has one keyring; the other tests' keys, wrapped by other files, go first. */
    /**
     * Blind-index keys are made in turn, one version after the newest, written to the keyring file
     * before they are handed out; a destroyed one leaves the file (rewritten whole) and is never made
     * again, and a master-key rotation keeps every blind-index key as it is.
     */
    @Test
    void blindIndexKeysAreMadeInTurnAndADestroyedOneLeavesTheFileForGood() throws Exception {
        oneKeyringInTheDatabase();
        Path file = dataDir.resolve("blind-index").resolve("master.key");
        LocalSubjectKeyStore keys = store(file);
        byte[] first = keys.blindIndexKey(1).orElseThrow().getEncoded();

        assertThat(keys.blindIndexKey(3)).as("only the version after the newest is made").isEmpty();
        byte[] second = keys.blindIndexKey(2).orElseThrow().getEncoded();
        assertThat(second).hasSize(32).isNotEqualTo(first);
        assertThat(keys.blindIndexKey(2).orElseThrow().getEncoded()).isEqualTo(second);
        assertThat(store(file).blindIndexKey(2).orElseThrow().getEncoded()).as("on the disk").isEqualTo(second);
        assertThatThrownBy(() -> keys.destroyBlindIndexKey(2)).hasMessageContaining("in use");

        keys.destroyBlindIndexKey(1);
        keys.destroyBlindIndexKey(1);

        assertThat(keys.blindIndexKey(1)).as("never made again").isEmpty();
        assertThat(Files.readString(file)).doesNotContain(Base64.getEncoder().encodeToString(first))
                .contains("index 2 " + Base64.getEncoder().encodeToString(second));
        assertThat(store(file).blindIndexKey(1)).isEmpty();
        keys.rotateWrappingKey();
        assertThat(MasterKeyring.loadOrCreate(file).blindIndexKey(2).orElseThrow().getEncoded()).isEqualTo(second);
        assertThat(Files.readAllLines(file)).as("one blind-index key and one master key").hasSize(2);
    }

    /**
     * Version 1 of a key file that began as one bare line is derived from its master key: it stays
     * derivable, and its line stays, until a master-key rotation retires that master key; then it is
     * destroyed for good.
     */
    @Test
    void aBlindIndexKeyDerivedFromTheMasterKeyIsDestroyedOnlyOnceThatMasterKeyIsRetired() throws Exception {
        oneKeyringInTheDatabase();
        Path file = dataDir.resolve("legacy-blind-index").resolve("master.key");
        Files.createDirectories(file.getParent());
        byte[] legacyMaster = new byte[32];
        new java.security.SecureRandom().nextBytes(legacyMaster);
        Files.writeString(file, Base64.getEncoder().encodeToString(legacyMaster) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        byte[] derived = new DataKey("legacy", 1, legacyMaster).derive("customer-vault/blind-index/v1").getEncoded();
        LocalSubjectKeyStore keys = store(file);
        assertThat(keys.blindIndexKey(1).orElseThrow().getEncoded()).isEqualTo(derived);
        keys.keyForWriting("subject-derived");
        assertThat(keys.blindIndexKey(2)).isPresent();
        assertThat(keys.newestBlindIndexVersion()).isEqualTo(2);
        assertThat(keys.blindIndexKeyDerivable(1)).isTrue();
        assertThat(keys.blindIndexKeyDerivable(2)).as("a random key").isFalse();

        keys.destroyBlindIndexKey(1);

        assertThat(keys.blindIndexKeyDerivable(1)).as("removing its line would destroy nothing").isTrue();
        assertThat(store(file).blindIndexKeyDerivable(1)).as("after a restart too").isTrue();

        keys.rotateWrappingKey();

        assertThat(Files.readString(file)).doesNotContain(Base64.getEncoder().encodeToString(legacyMaster));
        assertThat(keys.blindIndexKeyDerivable(1)).as("its master key is retired").isFalse();
        keys.destroyBlindIndexKey(1);
        assertThat(keys.blindIndexKey(1)).isEmpty();
        assertThat(Files.readString(file)).doesNotContain(Base64.getEncoder().encodeToString(derived)).doesNotContain("index 1 ");
        assertThat(keys.newestBlindIndexVersion()).isEqualTo(2);
    }

    private static void oneKeyringInTheDatabase() {
        new JdbcTemplate(dataSource).update("DELETE FROM subject_key");
    }
}
