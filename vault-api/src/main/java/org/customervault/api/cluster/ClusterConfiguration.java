package org.customervault.api.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.util.UUID;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.customervault.api.customer.CustomerCache;
import org.customervault.domain.crypto.CacheLease;
import org.customervault.domain.crypto.CachingSubjectKeyStore;
import org.customervault.infra.postgres.ErasureFeed;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.StringUtils;

/**
 * What lets several vault nodes share one PostgreSQL: a name of its own for each node, so that the
 * event processors' segment claims in the token store tell nodes apart, and the erasure feed that
 * makes every node drop an erased customer's keys and the customer it keeps in memory, or stop
 * trusting its memory when it cannot read the feed.
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    /** This node's name: {@code vault.cluster.node-id}, or the process and a random suffix. */
    @Bean
    VaultNode vaultNode(ClusterSettings settings) {
        return new VaultNode(StringUtils.hasText(settings.nodeId()) ? settings.nodeId()
                : ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, VaultNode node) {
        return JdbcTokenStore.builder().connectionProvider(connectionProvider).schema(new TokenSchema())
                .serializer(serializer).nodeId(node.id()).claimTimeout(TokenClaims.TIMEOUT).build();
    }

    /** Lapsed until this node has first read the erasure feed. */
    @Bean
    CacheLease cacheLease() {
        return new CacheLease();
    }

    /** {@code vault.cluster.cache.lease.held}: 0 while this node passes its caches by, unable to read the erasure feed. */
    @Bean
    MeterBinder cacheLeaseMetrics(CacheLease lease) {
        return registry -> Gauge.builder("vault.cluster.cache.lease.held", lease, held -> held.held() ? 1 : 0)
                .description("Whether this node has read the erasure feed recently enough to trust its caches")
                .register(registry);
    }

    @Bean(destroyMethod = "close")
    ErasureFeed erasureFeed(JdbcTemplate jdbc, VaultNode node, CachingSubjectKeyStore keys, CustomerCache customers,
                            CacheLease lease, ClusterSettings settings) {
        return new ErasureFeed(jdbc, node.id(), customer -> {
            keys.forget(customer);
            customers.evict(customer);
        }, lease, settings.heartbeat(), settings.cacheLease()).start();
    }

    record VaultNode(String id) {
    }
}
