package org.customervault.infra.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.Auth;
import io.github.jopenlibs.vault.api.Logical;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.ErasedKeys;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.customervault.domain.crypto.MissingKeyException;
import org.customervault.domain.crypto.SubjectErasedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The Vault key store against a real OpenBao server, started by {@code infra/local/openbao}. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VaultKeyStoreTest {

    @TempDir
    static Path state;
    private static Map<String, String> openBao;
    private static VaultKeyStore keys;
    private static Logical raw;
    private static String address;

    @BeforeAll
    static void startOpenBao() throws Exception {
        openBao = new HashMap<>(Map.of("OPENBAO_STATE_DIR", state.toString(), "OPENBAO_PORT", String.valueOf(freePort())));
        Map<String, String> settings = new HashMap<>();
        for (String line : script("start").split("\n")) {
            if (line.startsWith("export ")) {
                String[] pair = line.substring("export ".length()).split("=", 2);
                settings.put(pair[0], pair[1]);
            }
        }
        address = settings.get("VAULT_ADDR");
        VaultConfig config = new VaultConfig().address(address)
                .token(settings.get("VAULT_TOKEN")).engineVersion(2).openTimeout(5).readTimeout(5).build();
        keys = new VaultKeyStore(config, "customer-vault");
        raw = Vault.create(config).logical();
    }

    @AfterAll
    static void stopOpenBao() throws Exception {
        script("stop");
    }

    @Test
    @Order(1)
    void createsOneKeyPerSubjectAndReadsItBack() {
        String subject = UUID.randomUUID().toString();
        DataKey key = keys.keyForWriting(subject);

        assertThat(keys.keyForWriting(subject)).isEqualTo(key);
        assertThat(keys.keyForReading(subject, key.keyId(), key.version())).isEqualTo(key);
        assertThat(keys.keyForWriting(UUID.randomUUID().toString())).isNotEqualTo(key);
    }

    @Test
    @Order(2)
    void concurrentFirstWritesAgreeOnOneKey() throws Exception {
        String subject = UUID.randomUUID().toString();
        assertThat(ConcurrentFirstWrites.keysHandedOut(keys, subject)).hasSize(1);
    }

    @Test
    @Order(3)
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
    }

    @Test
    @Order(4)
    void anUnknownKeyIsMissing() {
        assertThatThrownBy(() -> keys.keyForReading(UUID.randomUUID().toString(), "no-such-key", 1))
                .isInstanceOf(MissingKeyException.class);
    }

    @Test
    @Order(4)
    void theBlindIndexKeyIsOneForTheDeployment() {
        assertThat(keys.blindIndexKey().getEncoded()).hasSize(32).isEqualTo(keys.blindIndexKey().getEncoded());
    }

    @Test
    @Order(4)
    void aTokenWithoutThePolicyIsRefusedInWordsAndStoresNothing() throws Exception {
        String rootToken = Files.readString(state.resolve("root-token")).trim();
        String unprivileged = Vault.create(new VaultConfig().address(address).token(rootToken).build()).auth()
                .createToken(new Auth.TokenRequest().polices(List.of("default"))).getAuthClientToken();
        VaultKeyStore refused = new VaultKeyStore(new VaultConfig().address(address).token(unprivileged)
                .engineVersion(2).build(), "customer-vault");
        String subject = UUID.randomUUID().toString();

        assertThatThrownBy(() -> refused.keyForWriting(subject))
                .isInstanceOf(KeyStoreUnavailableException.class).hasMessageContaining("permission denied");
        assertThat(storedMaterial(subject)).isNull();
    }

    @Test
    @Order(5)
    void aStoppedServerFailsClosed() throws Exception {
        script("stop");

        assertThatThrownBy(() -> keys.keyForWriting(UUID.randomUUID().toString()))
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

    private static String script(String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of("local", "openbao").toAbsolutePath().toString(), command)
                .redirectErrorStream(true);
        builder.environment().putAll(openBao);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("infra/local/openbao " + command + " failed:\n" + output);
        }
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
