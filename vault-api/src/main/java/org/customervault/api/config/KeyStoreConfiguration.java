package org.customervault.api.config;

import javax.sql.DataSource;
import org.customervault.domain.crypto.CachingSubjectKeyStore;
import org.customervault.domain.crypto.FieldCipher;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.crypto.SubjectKeyStore;
import org.customervault.infra.keys.LocalSubjectKeyStore;
import org.customervault.infra.keys.MasterKeyFile;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Data keys: the local key store with its master key file, behind a bounded cache. */
@Configuration(proxyBeanMethods = false)
public class KeyStoreConfiguration {

    @Bean
    FieldCipher fieldCipher() {
        return new FieldCipher();
    }

    @Bean
    SubjectKeyStore subjectKeyStore(DataSource dataSource, VaultProperties properties, FieldCipher cipher) {
        VaultProperties.Keys keys = properties.keys();
        if (!"local".equals(keys.store())) {
            throw new IllegalStateException("vault.keys.store=" + keys.store() + " is not supported; use local");
        }
        LocalSubjectKeyStore local = new LocalSubjectKeyStore(dataSource,
                MasterKeyFile.loadOrCreate(keys.masterKeyFile(DataDirectory.ensure(properties.dataDir()))), cipher);
        return new CachingSubjectKeyStore(local, keys.cache().maximumSize(), keys.cache().maximumAge());
    }

    @Bean
    SubjectCipher subjectCipher(SubjectKeyStore keys, FieldCipher cipher) {
        return new SubjectCipher(keys, cipher);
    }
}
