package org.customervault.api.customer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import javax.sql.DataSource;
import org.axonframework.queryhandling.QueryGateway;
import org.customervault.api.config.SeparatePool;
import org.customervault.domain.customer.api.CustomerViewVersionNotice;
import org.customervault.domain.customer.api.FetchCustomerViewVersionQuery;
import org.customervault.infra.postgres.ChannelListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Read-your-writes: the writes waiting on this node for the customer view, woken by the view's
 * version notices, which this node hears on one connection of its own (not one of the pool the
 * requests draw from, which a burst of requests could leave it waiting for).
 */
@Configuration(proxyBeanMethods = false)
class ReadYourWritesConfiguration {

    /** The listening connection's pool, and its {@code application_name} in PostgreSQL. */
    static final String LISTENER = "vault-view-versions";

    @Bean
    ViewVersionWaiters viewVersionWaiters() {
        return new ViewVersionWaiters();
    }

    @Bean
    ReadYourWrites readYourWrites(QueryGateway queries, ViewVersionWaiters waiters, ConsistencySettings settings) {
        return new ReadYourWrites(customerId -> queries.query(new FetchCustomerViewVersionQuery(customerId), Long.class)
                .join(), waiters, settings);
    }

    @Bean(destroyMethod = "close")
    ViewVersionConnection viewVersionConnection(DataSource dataSource) {
        return new ViewVersionConnection(SeparatePool.like(dataSource, LISTENER, 1));
    }

    /** Closed before its connection's pool, which it depends on. */
    @Bean(destroyMethod = "close")
    ChannelListener viewVersionListener(ViewVersionConnection connection, ViewVersionWaiters waiters,
                                        ConsistencySettings settings) {
        return new ChannelListener(connection.pool().dataSource(), CustomerViewVersionNotice.CHANNEL,
                payload -> CustomerViewVersionNotice.parse(payload).ifPresent(waiters::reached), waiters::lookAgain,
                settings.reconnectPause(), settings.longestReconnectPause()).start();
    }

    /**
     * {@code vault.consistency.listening}: 0 while this node cannot hear the view's version notices
     * (writes then answer up to one recheck interval later); {@code vault.consistency.waiting}: the
     * writes waiting for the view now.
     */
    @Bean
    MeterBinder readYourWritesMetrics(ChannelListener viewVersionListener, ViewVersionWaiters waiters) {
        return registry -> {
            Gauge.builder("vault.consistency.listening", viewVersionListener, listener -> listener.listening() ? 1 : 0)
                    .description("Whether this node hears the customer view's version notices").register(registry);
            Gauge.builder("vault.consistency.waiting", waiters, ViewVersionWaiters::waiting)
                    .description("Writes waiting for the customer view to show them").register(registry);
        };
    }

    /** The listener's one connection, a type of its own so that it is never injected as a DataSource. */
    record ViewVersionConnection(SeparatePool pool) implements AutoCloseable {
        @Override
        public void close() {
            pool.close();
        }
    }
}
