package org.customervault.infra.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.api.Auth;
import io.github.jopenlibs.vault.api.Logical;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The session with a real OpenBao: tokens kept alive, AppRole logins, TLS; addresses refused before any call. */
class OpenBaoConnectionTest {

    @TempDir
    Path state;

    @Test
    void renewsAShortLivedTokenBeforeItExpires() throws Exception {
        try (OpenBaoServer server = OpenBaoServer.startOwn(state)) {
            String shortLived = Vault.create(new VaultConfig().address(server.address()).token(server.rootToken()).build())
                    .auth().createToken(new Auth.TokenRequest().polices(List.of("customer-vault")).ttl("4s"))
                    .getAuthClientToken();
            List<Boolean> probes = new CopyOnWriteArrayList<>();
            try (OpenBaoConnection session = OpenBaoConnection.open(with(server.connectionSettings(), new OpenBaoConnection.Token(shortLived)))) {
                session.keepAlive(probes::add);
                Thread.sleep(Duration.ofSeconds(7).toMillis());

                assertThat(new OpenBaoKeyStore(session).keyForWriting(UUID.randomUUID().toString())).isNotNull();
                assertThat(probes).isNotEmpty().doesNotContain(false);
            }
        }
    }

    @Test
    void logsInAgainWhenAnAppRoleTokenReachesItsMaximumLife() throws Exception {
        try (OpenBaoServer server = OpenBaoServer.startOwn(state)) {
            Logical root = Vault.create(new VaultConfig().address(server.address()).token(server.rootToken())
                    .engineVersion(1).build()).logical();
            root.write("auth/approle/role/brief", Map.of("token_policies", "customer-vault", "token_ttl", "2s",
                    "token_max_ttl", "3s"));
            String roleId = root.read("auth/approle/role/brief/role-id").getData().get("role_id");
            String secretId = root.write("auth/approle/role/brief/secret-id", Map.of()).getData().get("secret_id");
            try (OpenBaoConnection session = OpenBaoConnection.open(with(server.connectionSettings(),
                    new OpenBaoConnection.AppRole("approle", roleId, secretId)))) {
                session.keepAlive(answered -> { });
                OpenBaoKeyStore store = new OpenBaoKeyStore(session);
                DataKey key = store.keyForWriting(UUID.randomUUID().toString());
                Thread.sleep(Duration.ofSeconds(7).toMillis());

                assertThat(store.keyForWriting(UUID.randomUUID().toString())).isNotEqualTo(key);
                assertThat(session.answered()).isTrue();
            }
        }
    }

    @Test
    void refusesAWrongAppRoleSecretInWords() {
        try (OpenBaoServer server = OpenBaoServer.startOwn(state, "--approle")) {
            OpenBaoConnection.AppRole role = (OpenBaoConnection.AppRole) server.connectionSettings().credentials();

            assertThatThrownBy(() -> OpenBaoConnection.open(with(server.connectionSettings(),
                    new OpenBaoConnection.AppRole("approle", role.roleId(), UUID.randomUUID().toString()))))
                    .isInstanceOf(KeyStoreUnavailableException.class).hasMessageContaining("refused the AppRole login");
            try (OpenBaoConnection session = OpenBaoConnection.open(server.connectionSettings())) {
                new OpenBaoKeyStore(session).requirePermissions(OpenBaoDataKeys.TRANSIT, TransitKeyWrapping.DEFAULT_MOUNT);
            }
        }
    }

    @Test
    void talksTlsWithTheServersCertificateAuthority() {
        try (OpenBaoServer server = OpenBaoServer.startOwn(state, "--tls")) {
            OpenBaoConnection.Settings settings = server.connectionSettings();
            assertThat(settings.address()).startsWith("https://");
            try (OpenBaoConnection session = OpenBaoConnection.open(settings)) {
                OpenBaoKeyStore store = new OpenBaoKeyStore(session);
                String subject = UUID.randomUUID().toString();
                DataKey key = store.keyForWriting(subject);
                assertThat(store.keyForReading(subject, key.keyId(), key.version())).isEqualTo(key);
            }

            assertThatThrownBy(() -> OpenBaoConnection.open(new OpenBaoConnection.Settings(settings.address(), null,
                    settings.mount(), settings.timeout(), settings.credentials(), null, settings.probeInterval(), 0)))
                    .as("a server whose certificate no trusted authority signed is not talked to")
                    .isInstanceOf(KeyStoreUnavailableException.class);
        }
    }

    /**
     * The driver reads {@code VAULT_SSL_VERIFY} (and {@code VAULT_SSL_CERT}) from the environment
     * wherever it is not told otherwise; a JVM cannot set its own environment, so a child JVM with
     * both set tries the server without the vault's CA file.
     */
    @Test
    void theEnvironmentCannotTurnCertificateVerificationOff() throws Exception {
        try (OpenBaoServer server = OpenBaoServer.startOwn(state, "--tls")) {
            OpenBaoConnection.Settings settings = server.connectionSettings();
            String caFile = settings.tls().caCertificate().toString();
            Map<String, String> environment = Map.of("VAULT_SSL_VERIFY", "false", "VAULT_SSL_CERT", caFile,
                    "PROBE_TOKEN", server.token());

            assertThat(TlsVerificationProbe.run(environment, settings.address(), caFile))
                    .as("with the CA file in the vault's own settings").isEqualTo(TlsVerificationProbe.CONNECTED);
            assertThat(TlsVerificationProbe.run(environment, settings.address()))
                    .as("without it, whatever the environment says").isEqualTo(TlsVerificationProbe.REFUSED);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://vault.example.com:8200", "http://10.0.0.5:8200", "http://[2001:db8::1]:8200",
            "http://127.0.0.1.nip.io:8200", "HTTP://192.168.1.1", "ftp://127.0.0.1:8200", "vault.example.com:8200",
            "https://user:secret-in-the-address@vault.example.com"})
    void refusesAnAddressThatIsNeitherHttpsNorLoopbackNamingTheSetting(String address) {
        OpenBaoConnection.Settings settings = new OpenBaoConnection.Settings(address, null, "customer-vault",
                Duration.ofSeconds(1), new OpenBaoConnection.Token("never-sent"), null, Duration.ofSeconds(1), 0);

        assertThatThrownBy(() -> OpenBaoConnection.open(settings)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("VAULT_ADDR").hasMessageNotContaining("secret-in-the-address")
                .hasMessageNotContaining("never-sent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://vault.example.com:8200", "https://10.0.0.5", "http://localhost:8200",
            "http://LOCALHOST", "http://127.0.0.1:8200", "http://127.10.20.30:8200", "http://[::1]:8200"})
    void acceptsHttpsAnywhereAndPlainHttpOnTheLoopbackOnly(String address) {
        assertThatCode(() -> OpenBaoConnection.requireVerifiableTransport(address)).doesNotThrowAnyException();
    }

    @Test
    void refusesASealedServerInWords() throws Exception {
        try (OpenBaoServer server = OpenBaoServer.startOwn(state)) {
            Vault.create(new VaultConfig().address(server.address()).token(server.rootToken()).build()).seal().seal();

            assertThatThrownBy(() -> OpenBaoConnection.open(server.connectionSettings()))
                    .isInstanceOf(KeyStoreUnavailableException.class).hasMessageContaining("is sealed or unavailable");
        }
    }

    private static OpenBaoConnection.Settings with(OpenBaoConnection.Settings settings, OpenBaoConnection.Credentials credentials) {
        return new OpenBaoConnection.Settings(settings.address(), settings.namespace(), settings.mount(), settings.timeout(),
                credentials, settings.tls(), settings.probeInterval(), settings.readRetries());
    }
}
