package org.customervault.api.config;

import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import javax.sql.DataSource;
import org.customervault.domain.crypto.BlindIndex;
import org.customervault.domain.crypto.CachingSubjectKeyStore;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.FieldCipher;
import org.customervault.domain.crypto.IndexKeyStore;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.crypto.SubjectKeyStore;
import org.customervault.infra.keys.LocalIndexKeyStore;
import org.customervault.infra.keys.LocalSubjectKeyStore;
import org.customervault.infra.keys.MasterKeyFile;
import org.customervault.infra.keys.VaultKeyStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.util.StringUtils;

/**
 * Keys: the local key store with its master key file (the embedded default), or Vault/OpenBao
 * ({@code vault.keys.store=vault}); either behind a bounded cache, with the blind-index key from
 * the same store.
 */
@Configuration(proxyBeanMethods = false)
public class KeyStoreConfiguration {

    @Bean
    FieldCipher fieldCipher() {
        return new FieldCipher();
    }

    @Bean
    SubjectCipher subjectCipher(SubjectKeyStore keys, FieldCipher cipher) {
        return new SubjectCipher(keys, cipher);
    }

    @Bean
    BlindIndex blindIndex(IndexKeyStore indexKeys) {
        return new BlindIndex(indexKeys.blindIndexKey());
    }

    private static SubjectKeyStore cached(SubjectKeyStore store, VaultProperties properties) {
        VaultProperties.Cache cache = properties.keys().cache();
        return new CachingSubjectKeyStore(store, cache.maximumSize(), cache.maximumAge());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "vault.keys.store", havingValue = "local", matchIfMissing = true)
    static class Local {

        /** The local key store's master key; read from its file once, never logged or stored elsewhere. */
        @Bean
        DataKey localMasterKey(VaultProperties properties) {
            return MasterKeyFile.loadOrCreate(properties.keys().masterKeyFile(DataDirectory.ensure(properties.dataDir())));
        }

        @Bean
        SubjectKeyStore subjectKeyStore(DataSource dataSource, DataKey localMasterKey, VaultProperties properties,
                                        FieldCipher cipher) {
            return cached(new LocalSubjectKeyStore(dataSource, localMasterKey, cipher), properties);
        }

        @Bean
        IndexKeyStore indexKeyStore(DataKey localMasterKey) {
            return new LocalIndexKeyStore(localMasterKey);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "vault.keys.store", havingValue = "vault")
    static class Vault {

        @Bean
        VaultKeyStore vaultKeyStore(VaultProperties properties) throws VaultException {
            VaultProperties.VaultServer server = properties.keys().vault();
            if (server == null || !StringUtils.hasText(server.address()) || !StringUtils.hasText(server.token())) {
                throw new IllegalStateException("vault.keys.store=vault needs VAULT_ADDR and VAULT_TOKEN");
            }
            VaultConfig config = new VaultConfig().address(server.address()).token(server.token()).engineVersion(2)
                    .openTimeout(server.timeoutSeconds()).readTimeout(server.timeoutSeconds());
            if (StringUtils.hasText(server.namespace())) {
                config.nameSpace(server.namespace());
            }
            return new VaultKeyStore(config.build(), server.mount());
        }

        /** The cached store is the one everything uses; the raw one also serves the blind-index key. */
        @Bean
        @Primary
        SubjectKeyStore subjectKeyStore(VaultKeyStore vault, VaultProperties properties) {
            return cached(vault, properties);
        }
    }
}
