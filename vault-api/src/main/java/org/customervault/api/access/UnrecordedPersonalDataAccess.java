package org.customervault.api.access;

import java.util.Collection;
import org.customervault.domain.customer.CustomerId;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Until the compliance access log exists, reads are reported to a sink that keeps nothing. */
@Configuration(proxyBeanMethods = false)
class UnrecordedPersonalDataAccess {

    @Bean
    @ConditionalOnMissingBean
    PersonalDataAccess personalDataAccess() {
        return (String actor, Collection<CustomerId> subjects, String action, String purpose) -> {
        };
    }
}
