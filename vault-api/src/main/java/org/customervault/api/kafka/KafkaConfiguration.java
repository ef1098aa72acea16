package org.customervault.api.kafka;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.serialization.Serializer;
import org.customervault.infra.kafka.KafkaEventPublication;
import org.customervault.infra.kafka.PublicationMarks;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Kafka publication, when {@code vault.kafka.bootstrap-servers} (KAFKA_BOOTSTRAP_SERVERS) names a broker. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${vault.kafka.bootstrap-servers:}' != ''")
class KafkaConfiguration {

    private static final Status DEGRADED = new Status("DEGRADED", "Kafka cannot be reached");
    private static final int HEALTH_TIMEOUT_MILLIS = 2_000;

    @Bean(destroyMethod = "close")
    KafkaEventPublication kafkaEventPublication(KafkaSettings kafka,
                                                @Qualifier("eventSerializer") Serializer eventSerializer,
                                                JdbcTemplate jdbc) {
        int timeoutMillis = (int) kafka.acknowledgementTimeout().toMillis();
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, "customer-vault",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // a record the producer gives up on while later ones of the same customer still go through
                // breaks the customer's order on the topic: records never expire, the batch's wait does
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMillis / 2, 10_000),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(timeoutMillis, 10_000)),
                new StringSerializer(), new ByteArraySerializer());
        return new KafkaEventPublication(producer, eventSerializer, kafka.topic(), kafka.acknowledgementTimeout(),
                new PublicationMarks(jdbc));
    }

    /**
     * {@code kafka} in {@code /actuator/health}: UP when the broker answers; DEGRADED, not DOWN, when
     * it does not, since the vault serves everyone meanwhile and publishes what it missed later.
     */
    /** One client for the health checks, kept open: a client per check would log its settings every time. */
    @Bean(destroyMethod = "close")
    Admin kafkaAdmin(KafkaSettings kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, HEALTH_TIMEOUT_MILLIS,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, HEALTH_TIMEOUT_MILLIS));
    }

    @Bean("kafka")
    HealthIndicator kafkaHealth(Admin kafkaAdmin) {
        return () -> {
            try {
                int brokers = kafkaAdmin.describeCluster().nodes().get(HEALTH_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).size();
                return Health.up().withDetail("brokers", brokers).build();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                return Health.status(DEGRADED).withDetail("publication", "waiting for the broker; nothing is lost")
                        .withDetail("error", e.getClass().getSimpleName()).build();
            }
        };
    }

    /**
     * A failed batch must not be skipped: the error stops the batch, the token stays, and the
     * processor tries again with backoff (by default a handler's error is only logged).
     */
    @Bean
    ConfigurerModule kafkaPublicationFailsTheBatch() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                KafkaEventPublication.PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance());
    }
}
