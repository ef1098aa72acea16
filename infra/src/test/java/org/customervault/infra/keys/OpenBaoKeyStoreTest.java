package org.customervault.infra.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.Auth;
import io.github.jopenlibs.vault.api.Logical;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.Ed25519SigningKey;
import org.customervault.domain.crypto.ErasedKeys;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.customervault.domain.crypto.MissingKeyException;
import org.customervault.domain.crypto.RotatedWrappingKey;
import org.customervault.domain.crypto.SubjectErasedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenBao key store against a real OpenBao server: the one of VAULT_ADDR if set, else one
 * started by {@code infra/local/openbao}.
 */
class OpenBaoKeyStoreTest {

    @TempDir
    static Path state;
    private static OpenBaoServer openBao;
    private static OpenBaoConnection connection;
    private static OpenBaoKeyStore keys;
    private static Logical raw;

    @BeforeAll
    static void connect() throws Exception {
        openBao = OpenBaoServer.fromEnvironmentOrStart(state);
        connection = OpenBaoConnection.open(openBao.connectionSettings());
        keys = new OpenBaoKeyStore(connection);
        raw = Vault.create(connection.keysConfig()).logical();
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        openBao.close();
    }

    @Test
    void createsOneKeyPerSubjectAndReadsItBack() {
        String subject = UUID.randomUUID().toString();
        DataKey key = keys.keyForWriting(subject);

        assertThat(keys.keyForWriting(subject)).isEqualTo(key);
        assertThat(keys.keyForReading(subject, key.keyId(), key.version())).isEqualTo(key);
        assertThat(keys.keyForWriting(UUID.randomUUID().toString())).isNotEqualTo(key);
    }

    @Test
    void concurrentFirstWritesAgreeOnOneKey() throws Exception {
        String subject = UUID.randomUUID().toString();
        assertThat(ConcurrentFirstWrites.keysHandedOut(keys, subject)).hasSize(1);
    }

    @Test
    void anErasedSubjectsKeyIsGoneForGood() {
        String subject = UUID.randomUUID().toString();
        DataKey key = keys.keyForWriting(subject);

        ErasedKeys erased = keys.destroy(subject);

        assertThat(erased.keyIds()).containsExactly(key.keyId());
        assertThat(storedMaterial(subject)).as("the key material itself is destroyed in OpenBao").isNull();
        assertThatThrownBy(() -> keys.keyForReading(subject, key.keyId(), key.version()))
                .isInstanceOf(SubjectErasedException.class);
        assertThatThrownBy(() -> keys.keyForWriting(subject)).isInstanceOf(SubjectErasedException.class);
        assertThat(keys.destroy(subject)).isEqualTo(erased);
        assertThat(keys.erasedSubjects()).as("the fences tell a restored database who was erased").contains(subject);
    }

    @Test
    void anUnknownKeyIsMissing() {
        assertThatThrownBy(() -> keys.keyForReading(UUID.randomUUID().toString(), "no-such-key", 1))
                .isInstanceOf(MissingKeyException.class);
    }

    /**
     * On a server of its own, since it destroys the first version: versions are KV versions of one
     * secret, made with check-and-set so that nodes racing agree and a destroyed version never
     * comes back; destroying one removes its material from OpenBao, read here with the root token.
     */
    @Test
    void blindIndexKeysAreVersionsOfOneSecretMadeOnceAndDestroyedForGood() throws Exception {
        try (OpenBaoServer own = OpenBaoServer.startOwn(state.resolve("blind-index"));
             OpenBaoConnection ownConnection = OpenBaoConnection.open(own.connectionSettings())) {
            OpenBaoKeyStore node = new OpenBaoKeyStore(ownConnection);
            OpenBaoKeyStore otherNode = new OpenBaoKeyStore(ownConnection);
            assertThat(node.newestBlindIndexVersion()).as("none made yet").isZero();
            byte[] first = node.blindIndexKey(1).orElseThrow().getEncoded();
            assertThat(otherNode.blindIndexKey(1).orElseThrow().getEncoded()).hasSize(32).isEqualTo(first);
            assertThat(node.blindIndexKey(3)).as("only the version after the newest is made").isEmpty();

            ExecutorService nodes = Executors.newFixedThreadPool(4);
            Set<String> seconds = new HashSet<>();
            try {
                List<Future<byte[]>> racing = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    OpenBaoKeyStore racer = i % 2 == 0 ? node : otherNode;
                    racing.add(nodes.submit(() -> racer.blindIndexKey(2).orElseThrow().getEncoded()));
                }
                for (Future<byte[]> second : racing) {
                    seconds.add(Base64.getEncoder().encodeToString(second.get()));
                }
            } finally {
                nodes.shutdown();
            }
            assertThat(seconds).as("one second key for every node").hasSize(1)
                    .doesNotContain(Base64.getEncoder().encodeToString(first));

            node.destroyBlindIndexKey(1);
            node.destroyBlindIndexKey(1);

            assertThat(otherNode.blindIndexKey(1)).as("never made again").isEmpty();
            assertThat(otherNode.newestBlindIndexVersion()).as("the next rotation goes past it").isEqualTo(2);
            assertThat(Base64.getEncoder().encodeToString(otherNode.blindIndexKey(2).orElseThrow().getEncoded()))
                    .isIn(seconds);
            Logical root = Vault.create(new VaultConfig().address(own.address()).token(own.rootToken()).engineVersion(1).build())
                    .logical();
            Map<String, String> metadata = root.read("customer-vault/metadata/deployment/blind-index").getData();
            assertThat(metadata.get("versions")).as("version 1 destroyed, version 2 kept")
                    .contains("\"1\":{").containsPattern("\"1\":\\{[^}]*\"destroyed\":true")
                    .containsPattern("\"2\":\\{[^}]*\"destroyed\":false");
        }
    }

    @Test
    void nodesStartingAtOnceAgreeOnOneSigningKeyKeptInOpenBao() throws Exception {
        OpenBaoKeyStore otherNode = new OpenBaoKeyStore(connection);
        ExecutorService starts = Executors.newFixedThreadPool(8);
        Set<String> keyIds = new HashSet<>();
        try {
            List<Callable<Ed25519SigningKey>> calls = new ArrayList<>();
            for (int node = 0; node < 16; node++) {
                OpenBaoKeyStore store = node % 2 == 0 ? keys : otherNode;
                calls.add(store::signingKey);
            }
            for (Future<Ed25519SigningKey> started : starts.invokeAll(calls)) {
                keyIds.add(started.get().keyId());
            }
        } finally {
            starts.shutdownNow();
        }

        assertThat(keyIds).hasSize(1);
        Map<String, String> stored = raw.read("customer-vault/deployment/signing-key").getData();
        assertThat(Base64.getDecoder().decode(stored.get("publicKey")))
                .isEqualTo(keys.signingKey().publicKey().getEncoded());
        assertThat(keys.signingKey().keyId()).as("read again, as at the next start").isIn(keyIds);
    }

    @Test
    void theNewestIntegrityCheckpointIsKeptAndReplacedInOpenBao() {
        keys.keep("first.checkpoint.jws");
        keys.keep("second.checkpoint.jws");

        assertThat(keys.newest()).as("replaced with the policy's token, which may update only this path")
                .contains("second.checkpoint.jws");
        assertThat(new OpenBaoKeyStore(connection).newest()).as("as another node reads it").contains("second.checkpoint.jws");
    }

    @Test
    void theScriptsPolicyGrantsEverythingTheVaultNeedsInEitherMode() {
        keys.requirePermissions(OpenBaoDataKeys.KV, TransitKeyWrapping.DEFAULT_MOUNT);
        keys.requirePermissions(OpenBaoDataKeys.TRANSIT, TransitKeyWrapping.DEFAULT_MOUNT);
    }

    @Test
    void canRotateTheServersEncryptionKeyAndStillReadEveryKey(@TempDir Path own) {
        try (OpenBaoServer server = OpenBaoServer.startOwn(own); OpenBaoConnection session = OpenBaoConnection.open(server.connectionSettings())) {
            OpenBaoKeyStore store = new OpenBaoKeyStore(session);
            String subject = UUID.randomUUID().toString();
            DataKey key = store.keyForWriting(subject);

            RotatedWrappingKey first = store.rotateWrappingKey();
            RotatedWrappingKey second = store.rotateWrappingKey();

            assertThat(first.store()).isEqualTo("vault");
            assertThat(second.wrappingKey()).isNotEqualTo(first.wrappingKey()).startsWith("barrier key term ");
            assertThat(store.keyForReading(subject, key.keyId(), key.version())).isEqualTo(key);
        }
    }

    @Test
    void cannotStartWithATokenWithoutThePolicyAndStoresNothing(@TempDir Path own) throws Exception {
        try (OpenBaoServer server = OpenBaoServer.startOwn(own)) {
            String unprivileged = Vault.create(new VaultConfig().address(server.address()).token(server.rootToken()).build())
                    .auth().createToken(new Auth.TokenRequest().polices(List.of("default"))).getAuthClientToken();
            OpenBaoConnection.Settings settings = server.connectionSettings();
            try (OpenBaoConnection session = OpenBaoConnection.open(new OpenBaoConnection.Settings(settings.address(), null,
                    settings.mount(), settings.timeout(), new OpenBaoConnection.Token(unprivileged), null,
                    settings.probeInterval(), settings.readRetries()))) {
                OpenBaoKeyStore refused = new OpenBaoKeyStore(session);
                String subject = UUID.randomUUID().toString();

                assertThatThrownBy(() -> refused.requirePermissions(OpenBaoDataKeys.KV, TransitKeyWrapping.DEFAULT_MOUNT)).isInstanceOf(KeyStoreUnavailableException.class)
                        .hasMessageContaining("lacks [create, read] on customer-vault/data/keys/*")
                        .hasMessageContaining("[update] on customer-vault/destroy/keys/*");
                assertThatThrownBy(() -> refused.keyForWriting(subject))
                        .isInstanceOf(KeyStoreUnavailableException.class).hasMessageContaining("permission denied");
                OpenBaoKeyStore privileged = new OpenBaoKeyStore(OpenBaoConnection.open(settings));
                assertThatThrownBy(() -> privileged.keyForReading(subject, "any", 1)).isInstanceOf(MissingKeyException.class);
            }
        }
    }

    @Test
    void aStoppedServerFailsClosedAndTheProbeNoticesIt(@TempDir Path own) {
        try (OpenBaoServer server = OpenBaoServer.startOwn(own); OpenBaoConnection session = OpenBaoConnection.open(server.connectionSettings())) {
            OpenBaoKeyStore store = new OpenBaoKeyStore(session);
            server.stop();

            assertThatThrownBy(() -> store.keyForWriting(UUID.randomUUID().toString()))
                    .isInstanceOf(KeyStoreUnavailableException.class).hasMessageContaining("cannot be reached");
            assertThatThrownBy(session::refresh).isInstanceOf(KeyStoreUnavailableException.class);
            assertThat(session.answered()).isFalse();
        }
    }

    @Test
    void cannotConnectWithoutAStartedServer() {
        OpenBaoConnection.Settings settings = openBao.connectionSettings();
        assertThatThrownBy(() -> OpenBaoConnection.open(new OpenBaoConnection.Settings("http://127.0.0.1:1", null,
                settings.mount(), settings.timeout(), settings.credentials(), null, settings.probeInterval(), 0)))
                .isInstanceOf(KeyStoreUnavailableException.class).hasMessageContaining("cannot be reached");
    }

    private static String storedMaterial(String subject) {
        try {
            Map<String, String> data = raw.read("customer-vault/keys/" + subject).getData();
            return data == null ? null : data.get("material");
        } catch (VaultException e) {
            return null;
        }
    }
}
