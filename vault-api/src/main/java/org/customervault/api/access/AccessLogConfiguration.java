package org.customervault.api.access;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.SearchKind;
import org.customervault.projections.compliance.AccessLog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every read of personal data goes to the compliance access log. */
@Configuration(proxyBeanMethods = false)
class AccessLogConfiguration {

    private static final String SEARCH = "customer.search";

    @Bean(destroyMethod = "close")
    AccessLogConnections accessLogConnections(DataSource dataSource) {
        return AccessLogConnections.like(dataSource, AccessLog.CONNECTIONS);
    }

    @Bean
    AccessLog accessLog(AccessLogConnections connections, DataSource dataSource) {
        return new AccessLog(connections.dataSource(), dataSource);
    }

    @Bean
    PersonalDataAccess personalDataAccess(AccessLog log) {
        return new PersonalDataAccess() {
            @Override
            public void record(String actor, Collection<CustomerId> subjects, String action, String purpose,
                               Instant at) {
                log.append(actor, List.copyOf(subjects), action, purpose, at);
            }

            @Override
            public void recordSearch(String actor, Collection<SearchKind> searchedBy, Collection<CustomerId> shown,
                                     String purpose) {
                List<String> kinds = searchedBy.stream().sorted().map(SearchKind::label).toList();
                log.appendSearch(actor, kinds, List.copyOf(shown), SEARCH, purpose, Instant.now());
            }
        };
    }
}
