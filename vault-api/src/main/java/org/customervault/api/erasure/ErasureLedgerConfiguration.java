package org.customervault.api.erasure;

import org.customervault.domain.crypto.SigningKey;
import org.customervault.projections.compliance.ErasureLedger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The erasure ledger: one certificate per erasure, signed by the deployment's signing key. */
@Configuration(proxyBeanMethods = false)
class ErasureLedgerConfiguration {

    @Bean
    ErasureLedger erasureLedger(JdbcTemplate jdbc, SigningKey signingKey) {
        return new ErasureLedger(jdbc, signingKey);
    }
}
