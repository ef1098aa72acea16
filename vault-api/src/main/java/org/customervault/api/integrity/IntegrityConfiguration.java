package org.customervault.api.integrity;

import org.customervault.domain.crypto.SigningKey;
import org.customervault.infra.integrity.IntegrityChainer;
import org.customervault.infra.integrity.IntegrityVerifier;
import org.customervault.infra.integrity.KeptCheckpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tamper-evident history: every node runs a chainer (one at a time actually chains, see
 * {@link IntegrityChainer}) and answers checks with the deployment's public signing key. The
 * newest checkpoint is kept where the key store keeps the signing key ({@code KeyStoreConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class IntegrityConfiguration {

    /** Takes the JdbcTemplate, not the DataSource, so that it starts after the schema is migrated. */
    @Bean(destroyMethod = "close")
    IntegrityChainer integrityChainer(JdbcTemplate jdbc, SigningKey signingKey, KeptCheckpoint kept,
                                      IntegritySettings settings) {
        return new IntegrityChainer(jdbc.getDataSource(), signingKey, kept, settings.chainer()).start();
    }

    @Bean
    IntegrityVerifier integrityVerifier(SigningKey signingKey) {
        return new IntegrityVerifier(signingKey.publicKey());
    }
}
