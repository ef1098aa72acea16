package org.customervault.infra.keys;

import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.SslConfig;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.LookupResponse;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault's session with Vault/OpenBao: address, namespace, TLS, and a token, given or obtained by
 * AppRole login, that is kept alive. Every probe looks the token up; past half its life it is
 * renewed, and when it can no longer be renewed far enough an AppRole session logs in again. What
 * the probe finds tells the key cache whether the server answers.
 *
 * <p>The transport is verified TLS, except to this host's loopback: the server's certificate is
 * always checked, and the driver is given every setting itself, so none of the environment variables
 * it would otherwise read ({@code VAULT_SSL_VERIFY=false} among them) can change that.
 */
public final class OpenBaoConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpenBaoConnection.class);
    private static final int KV_VERSION = 2;
    private static final int PLAIN_PATHS_VERSION = 1;
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final String ADDRESS_SETTING = "VAULT_ADDR (vault.keys.vault.address)";

    /** How the vault proves who it is to Vault/OpenBao. */
    public sealed interface Credentials permits Token, AppRole {
    }

    public record Token(String token) implements Credentials {

        @Override
        public String toString() {
            return "Token[hidden]";
        }
    }

    /** AppRole login at {@code auth/<path>/login}; the secret id is never shown. */
    public record AppRole(String path, String roleId, String secretId) implements Credentials {

        @Override
        public String toString() {
            return "AppRole[path=" + path + ", roleId=" + roleId + "]";
        }
    }

    /**
     * PEM files: the CA bundle that signed the server's certificate, and optionally a client
     * certificate with its (PKCS#8) key for servers that require one. Null where not used.
     */
    public record Tls(Path caCertificate, Path clientCertificate, Path clientKey) {
    }

    /**
     * @param mount         where the KV version 2 engine holding the keys is mounted
     * @param probeInterval how often the token is looked up (and so how soon an outage is noticed)
     * @param readRetries   how many times a read that found the server unavailable is tried again
     */
    public record Settings(String address, String namespace, String mount, Duration timeout, Credentials credentials,
                           Tls tls, Duration probeInterval, int readRetries) {
    }

    private final Settings settings;
    private final VaultConfig keysConfig;
    private final VaultConfig systemConfig;
    private final Vault vault;
    private final ScheduledExecutorService keeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "vault-token-keeper");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean answered = true;

    private OpenBaoConnection(Settings settings, VaultConfig keysConfig, VaultConfig systemConfig) {
        this.settings = settings;
        this.keysConfig = keysConfig;
        this.systemConfig = systemConfig;
        this.vault = Vault.create(systemConfig);
    }

    /**
     * Connects and proves the credentials: logs in with AppRole, or looks the given token up.
     *
     * @throws IllegalArgumentException     when the address is not https and not on this host's loopback
     * @throws KeyStoreUnavailableException saying whether the server cannot be reached, is sealed,
     *                                      or refused the credentials
     */
    public static OpenBaoConnection open(Settings settings) {
        requireVerifiableTransport(settings.address());
        OpenBaoConnection connection;
        try {
            // the driver rewrites paths by engine version: KV version 2 for the keys, plain for sys/
            connection = new OpenBaoConnection(settings, config(settings, KV_VERSION), config(settings, PLAIN_PATHS_VERSION));
        } catch (VaultException e) {
            throw new KeyStoreUnavailableException("the OpenBao key store settings are not usable: "
                    + e.getClass().getSimpleName() + " (check the address and the TLS files)", null);
        }
        if (settings.credentials() instanceof AppRole) {
            connection.login();
        }
        connection.refresh();
        return connection;
    }

    /** For the KV version 2 mount of the keys. */
    VaultConfig keysConfig() {
        return keysConfig;
    }

    /** For paths under sys/ and auth/. */
    VaultConfig systemConfig() {
        return systemConfig;
    }

    Settings settings() {
        return settings;
    }

    /** Whether the last probe (or login) reached the server with a valid token. */
    public boolean answered() {
        return answered;
    }

    /**
     * Looks the token up and renews it, or logs in again, when it is running out.
     *
     * @throws KeyStoreUnavailableException when the server cannot be reached or refuses the token
     */
    public synchronized void refresh() {
        try {
            LookupResponse self;
            try {
                self = lookupSelf();
            } catch (KeyStoreUnavailableException refused) {
                if (!(settings.credentials() instanceof AppRole)) {
                    throw refused;
                }
                // an expired or revoked AppRole token: a new login is the way back
                login();
                self = lookupSelf();
            }
            keepTokenAlive(self);
            answered = true;
        } catch (KeyStoreUnavailableException e) {
            answered = false;
            throw e;
        }
    }

    /** Refreshes on a schedule and reports to {@code listener} whether the server answered. */
    public void keepAlive(Consumer<Boolean> listener) {
        long interval = settings.probeInterval().toMillis();
        keeper.scheduleWithFixedDelay(() -> {
            boolean before = answered;
            try {
                refresh();
            } catch (KeyStoreUnavailableException e) {
                if (before) {
                    LOG.warn("the key store stopped answering: {}; personal data is refused until it is back", e.getMessage());
                }
            } catch (RuntimeException e) {
                answered = false;
                LOG.warn("the key store probe failed: {}", e.getClass().getName());
            }
            if (answered && !before) {
                LOG.info("the key store answers again");
            }
            listener.accept(answered);
        }, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        keeper.shutdownNow();
    }

    private void keepTokenAlive(LookupResponse self) {
        long ttl = self.getTTL();
        long minimumLife = Math.max(3 * settings.probeInterval().toSeconds(), 3);
        if (ttl == 0 || ttl > Math.max(self.getCreationTTL() / 2, minimumLife)) {
            return;
        }
        long remaining = self.isRenewable() ? renewSelf() : ttl;
        if (remaining > minimumLife) {
            return;
        }
        if (settings.credentials() instanceof AppRole) {
            login();
        } else {
            LOG.warn("the OpenBao token expires in {} s and cannot be renewed further; give the vault a new one",
                    remaining);
        }
    }

    private LookupResponse lookupSelf() {
        try {
            LookupResponse self = vault.auth().lookupSelf();
            int status = self.getRestResponse().getStatus();
            if (status != OpenBaoErrors.OK) {
                throw OpenBaoErrors.unavailable(status);
            }
            return self;
        } catch (VaultException e) {
            throw OpenBaoErrors.unavailable(e);
        }
    }

    private long renewSelf() {
        try {
            AuthResponse renewed = vault.auth().renewSelf();
            int status = renewed.getRestResponse().getStatus();
            if (status != OpenBaoErrors.OK) {
                throw OpenBaoErrors.unavailable(status);
            }
            return renewed.getAuthLeaseDuration();
        } catch (VaultException e) {
            throw OpenBaoErrors.unavailable(e);
        }
    }

    private void login() {
        AppRole role = (AppRole) settings.credentials();
        try {
            AuthResponse login = vault.auth().loginByAppRole(role.path(), role.roleId(), role.secretId());
            int status = login.getRestResponse().getStatus();
            if (status != OpenBaoErrors.OK || login.getAuthClientToken() == null) {
                throw appRoleRefused(status);
            }
            useToken(login.getAuthClientToken());
            answered = true;
        } catch (VaultException e) {
            throw e.getHttpStatusCode() == 400 ? appRoleRefused(400) : OpenBaoErrors.unavailable(e);
        }
    }

    private void useToken(String token) {
        keysConfig.token(token);
        systemConfig.token(token);
    }

    /**
     * Refuses an address over which the key material would travel unverified: anything but https,
     * except plain http to this host's loopback (development and tests). A host name is never looked
     * up: {@code localhost} is the only name taken for the loopback. Messages name the setting, never
     * the address, which could carry credentials.
     */
    static void requireVerifiableTransport(String address) {
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(ADDRESS_SETTING + " is not a URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(ADDRESS_SETTING + " must be a URL with a host and without credentials");
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean loopbackHttp = "http".equalsIgnoreCase(uri.getScheme()) && loopback(uri.getHost());
        if (!https && !loopbackHttp) {
            throw new IllegalArgumentException(ADDRESS_SETTING + " must be an https:// address; plain http is"
                    + " allowed only to this host's loopback (localhost, 127.0.0.0/8, ::1)");
        }
    }

    private static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        boolean ipv6 = host.startsWith("[") && host.endsWith("]");
        if (!ipv6 && !IPV4_LITERAL.matcher(host).matches()) {
            return false;
        }
        try {
            // a literal address: parsed, not looked up
            return InetAddress.getByName(ipv6 ? host.substring(1, host.length() - 1) : host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static VaultConfig config(Settings settings, int engineVersion) throws VaultException {
        VaultConfig config = new VaultConfig().environmentLoader(new NoEnvironment()).address(settings.address())
                .engineVersion(engineVersion)
                .openTimeout((int) settings.timeout().toSeconds()).readTimeout((int) settings.timeout().toSeconds())
                .sslConfig(sslConfig(settings.tls()));
        if (settings.namespace() != null && !settings.namespace().isBlank()) {
            config.nameSpace(settings.namespace());
        }
        if (settings.credentials() instanceof Token token) {
            config.token(token.token());
        }
        return config.build();
    }

    private static KeyStoreUnavailableException appRoleRefused(int status) {
        return status == 0 || status == 503 ? OpenBaoErrors.unavailable(status) : new KeyStoreUnavailableException(
                "the OpenBao key store refused the AppRole login (HTTP " + status + "): check the role id, the secret id and the auth path", null);
    }

    /** Always verifying; without a CA file, against the JVM's trust store. */
    private static SslConfig sslConfig(Tls tls) throws VaultException {
        SslConfig ssl = new VerifyingSslConfig();
        if (tls != null && tls.caCertificate() != null) {
            ssl.pemFile(tls.caCertificate().toFile());
        }
        if (tls != null && tls.clientCertificate() != null) {
            ssl.clientPemFile(tls.clientCertificate().toFile()).clientKeyPemFile(tls.clientKey().toFile());
        }
        return ssl.build();
    }

    /**
     * The driver's TLS settings, which would read {@code VAULT_SSL_VERIFY} (and {@code VAULT_SSL_CERT})
     * from the environment where the vault does not set them: verification is set, and the
     * environment is not read at all.
     */
    private static final class VerifyingSslConfig extends SslConfig {

        VerifyingSslConfig() {
            environmentLoader(new NoEnvironment());
            verify(true);
        }
    }

    /**
     * An environment with no variables, for the driver: the vault reads its settings itself, so the
     * driver's own fallbacks ({@code VAULT_TOKEN}, {@code ~/.vault-token}, timeouts, TLS) stay unused.
     */
    private static final class NoEnvironment extends EnvironmentLoader {

        @Override
        public String loadVariable(String name) {
            return null;
        }
    }
}
