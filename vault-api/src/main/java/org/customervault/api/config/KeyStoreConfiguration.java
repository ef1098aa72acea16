package org.customervault.api.config;

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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keys: the local key store with its master key file, behind a bounded cache, and the blind-index
 * key derived from the same master key.
 */
@Configuration(proxyBeanMethods = false)
public class KeyStoreConfiguration {

    @Bean
    FieldCipher fieldCipher() {
        return new FieldCipher();
    }

    /** The local key store's master key; read from its file once, never logged or stored elsewhere. */
    @Bean
    DataKey localMasterKey(VaultProperties properties) {
        VaultProperties.Keys keys = properties.keys();
        if (!"local".equals(keys.store())) {
            throw new IllegalStateException("vault.keys.store=" + keys.store() + " is not supported; use local");
        }
        return MasterKeyFile.loadOrCreate(keys.masterKeyFile(DataDirectory.ensure(properties.dataDir())));
    }

    @Bean
    SubjectKeyStore subjectKeyStore(DataSource dataSource, DataKey localMasterKey, VaultProperties properties,
                                    FieldCipher cipher) {
        VaultProperties.Cache cache = properties.keys().cache();
        return new CachingSubjectKeyStore(new LocalSubjectKeyStore(dataSource, localMasterKey, cipher),
                cache.maximumSize(), cache.maximumAge());
    }

    @Bean
    IndexKeyStore indexKeyStore(DataKey localMasterKey) {
        return new LocalIndexKeyStore(localMasterKey);
    }

    @Bean
    BlindIndex blindIndex(IndexKeyStore indexKeys) {
        return new BlindIndex(indexKeys.blindIndexKey());
    }

    @Bean
    SubjectCipher subjectCipher(SubjectKeyStore keys, FieldCipher cipher) {
        return new SubjectCipher(keys, cipher);
    }
}
