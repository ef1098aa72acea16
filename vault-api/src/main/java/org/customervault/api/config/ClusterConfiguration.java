package org.customervault.api.config;

import java.lang.management.ManagementFactory;
import java.util.UUID;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.customervault.domain.crypto.CachingSubjectKeyStore;
import org.customervault.infra.postgres.KeyEvictionBroadcast;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.StringUtils;

/**
 * What lets several vault nodes share one PostgreSQL: a name of its own for each node, so that the
 * event processors' segment claims in the token store tell nodes apart, and the broadcast that
 * makes every node drop an erased customer's keys and the customer it keeps in memory.
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    /** This node's name: {@code vault.cluster.node-id}, or the process and a random suffix. */
    @Bean
    VaultNode vaultNode(VaultProperties properties) {
        VaultProperties.Cluster cluster = properties.cluster();
        return new VaultNode(cluster != null && StringUtils.hasText(cluster.nodeId()) ? cluster.nodeId()
                : ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, VaultNode node) {
        return JdbcTokenStore.builder().connectionProvider(connectionProvider).schema(new TokenSchema())
                .serializer(serializer).nodeId(node.id()).build();
    }

    @Bean(destroyMethod = "close")
    KeyEvictionBroadcast keyEvictionBroadcast(JdbcTemplate jdbc, VaultNode node, CachingSubjectKeyStore keys,
                                              CustomerCache customers, VaultProperties properties) {
        VaultProperties.Cluster cluster = properties.cluster();
        return new KeyEvictionBroadcast(jdbc, node.id(), customer -> {
            keys.forget(customer);
            customers.evict(customer);
        }, cluster.heartbeat(), cluster.evictionWait()).start();
    }

    record VaultNode(String id) {
    }
}
