package org.customervault.api.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Publication of every stored event to Kafka ({@code vault.kafka.*}), on when
 * {@code bootstrapServers} is set ({@code KAFKA_BOOTSTRAP_SERVERS}): the topic, and how long a batch
 * may wait for the broker's acknowledgement before it is retried.
 */
@ConfigurationProperties("vault.kafka")
public record KafkaSettings(String bootstrapServers, @DefaultValue("vault.customer-events") String topic,
                            @DefaultValue("30s") Duration acknowledgementTimeout) {
}
