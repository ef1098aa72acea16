package org.customervault.api.retention;

import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.customervault.api.erasure.ErasureProcess;
import org.customervault.projections.customer.InactiveCustomers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    @Bean
    InactiveCustomers inactiveCustomers(JdbcTemplate jdbc) {
        return new InactiveCustomers(jdbc);
    }

    @Bean
    RetentionRuns retentionRuns(JdbcTemplate jdbc) {
        return new RetentionRuns(jdbc);
    }

    @Bean
    RetentionRun retentionRun(RetentionSettings settings, RetentionRuns runs, InactiveCustomers inactive,
                              ErasureProcess erasure, DataSource dataSource, EventStore events) {
        return new RetentionRun(settings, runs, inactive, erasure, dataSource, events);
    }
}
