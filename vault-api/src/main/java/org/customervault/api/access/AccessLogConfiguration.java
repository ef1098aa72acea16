package org.customervault.api.access;

import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.customervault.projections.compliance.AccessLog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every read of personal data goes to the compliance access log. */
@Configuration(proxyBeanMethods = false)
class AccessLogConfiguration {

    @Bean
    AccessLog accessLog(DataSource dataSource) {
        return new AccessLog(dataSource);
    }

    @Bean
    PersonalDataAccess personalDataAccess(AccessLog log) {
        return (actor, subjects, action, purpose) -> log.append(actor, List.copyOf(subjects), action, purpose, Instant.now());
    }
}
