package org.customervault.api.keys;

import java.nio.file.Path;
import java.time.Duration;
import org.customervault.infra.keys.OpenBaoDataKeys;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Where data keys live ({@code vault.keys.*}): {@code store} is {@code local} (a master key file and
 * a table) or {@code openbao} (an OpenBao or HashiCorp Vault server, Transit and KV v2; {@code vault} is still
 * accepted for it). {@code masterKeyFile} is read by the local store only, {@code vault.keys.vault.*}
 * by the OpenBao store only.
 */
@ConfigurationProperties("vault.keys")
public record KeyStoreSettings(@DefaultValue("local") KeyStoreKind store, String masterKeyFile, @DefaultValue Cache cache,
                               @Name("vault") @DefaultValue OpenBao openBao) {

    public Path masterKeyFile(Path dataDir) {
        return masterKeyFile == null || masterKeyFile.isBlank()
                ? dataDir.resolve("keys").resolve("master.key")
                : Path.of(masterKeyFile).toAbsolutePath();
    }

    /**
     * The local store's erasure fence file, beside the master key file: whoever moves the master
     * key off the data directory moves the fence with it, out of reach of a database restore.
     */
    public Path fenceFile(Path dataDir) {
        return masterKeyFile(dataDir).resolveSibling("erasure-fence");
    }

    /** The data-key cache in front of the store, each key dropped after {@code maximumAge} unused. */
    public record Cache(@DefaultValue("10000") long maximumSize, @DefaultValue("10m") Duration maximumAge) {
    }

    /**
     * The OpenBao (or HashiCorp Vault) server of {@code vault.keys.store=openbao}, under
     * {@code vault.keys.vault.*} with the servers' own environment variables ({@code VAULT_ADDR},
     * {@code VAULT_TOKEN}, ...): a token, or an AppRole role id and secret id; PEM files for TLS (the
     * CA bundle, and a client certificate and key where the server asks for one). A blank
     * {@code appRolePath}, as an unset {@code VAULT_APPROLE_PATH} leaves it, is {@code approle}.
     * {@code dataKeys} ({@code VAULT_DATA_KEYS}) is where customers' data keys live: {@code kv} (the
     * default: one KV secret per customer under {@code mount}, destroyed on erasure) or {@code transit}
     * (wrapped by the Transit key {@code data-keys} of {@code transitMount}, stored in PostgreSQL, the
     * erasure fence in OpenBao read again every {@code fenceReadInterval}: faster and a key server that
     * does not grow, but weaker against a database backup, see operations.md); a deployment keeps the
     * mode it started with.
     */
    public record OpenBao(String address, String token, String roleId, String secretId, String appRolePath,
                          @DefaultValue("customer-vault") String mount, String namespace, String caCert,
                          String clientCert, String clientKey, @DefaultValue("5s") Duration timeout,
                          @DefaultValue("2s") Duration probeInterval, @DefaultValue("2") int readRetries,
                          OpenBaoDataKeys dataKeys, @DefaultValue("customer-vault-transit") String transitMount,
                          @DefaultValue("30s") Duration fenceReadInterval) {

        static final String DEFAULT_APP_ROLE_PATH = "approle";
        /** The property of {@link #dataKeys}, read before binding to choose the beans of the mode. */
        static final String DATA_KEYS_PROPERTY = "vault.keys.vault.data-keys";

        public OpenBao {
            appRolePath = appRolePath == null || appRolePath.isBlank() ? DEFAULT_APP_ROLE_PATH : appRolePath;
            dataKeys = dataKeys == null ? OpenBaoDataKeys.KV : dataKeys;
        }
    }
}
