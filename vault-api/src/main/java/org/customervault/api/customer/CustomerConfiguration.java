package org.customervault.api.customer;

import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.customervault.api.metrics.CacheMeters;
import org.customervault.api.snapshot.CustomerSnapshotting;
import org.customervault.domain.crypto.CacheLease;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.customer.Customer;
import org.customervault.projections.customer.BlindIndexKeys;
import org.customervault.projections.customer.CustomerViewProjection;
import org.customervault.projections.customer.CustomerViewQueries;
import org.customervault.projections.timeline.CustomerTimelineProjection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The customer: its aggregate, loaded through the {@link CustomerCache} and checked against the event
 * store ({@link StoreCheckedCustomerRepository}), and the CRM read models its events feed.
 */
@Configuration(proxyBeanMethods = false)
class CustomerConfiguration {

    @Bean
    CustomerCache customerCache(CustomerSettings settings, CacheLease lease) {
        CustomerSettings.Cache cache = settings.cache();
        return new CustomerCache(cache.maximumSize(), cache.maximumAge(), lease);
    }

    /** {@code cache_*{cache="vault.customers"}}. */
    @Bean
    MeterBinder customerCacheMetrics(CustomerCache cache) {
        return registry -> CacheMeters.register(registry, "vault.customers", cache, CustomerCache::statistics);
    }

    @Bean
    ConfigurerModule customerAggregate(CustomerCache cache, CustomerSnapshotting snapshots) {
        return configurer -> configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(Customer.class)
                .configureSnapshotFilter(axon -> snapshots.filter())
                .configureRepository(axon -> new StoreCheckedCustomerRepository(cache, snapshots.trigger(axon), axon)));
    }

    @Bean
    CustomerViewProjection customerViewProjection(JdbcTemplate jdbc, SubjectCipher cipher, BlindIndexKeys keys) {
        return new CustomerViewProjection(jdbc, cipher, keys);
    }

    @Bean
    CustomerViewQueries customerViewQueries(JdbcTemplate jdbc, SubjectCipher cipher, BlindIndexKeys keys) {
        return new CustomerViewQueries(jdbc, cipher, keys);
    }

    @Bean
    CustomerTimelineProjection customerTimelineProjection(JdbcTemplate jdbc, SubjectCipher cipher) {
        return new CustomerTimelineProjection(jdbc, cipher);
    }
}
