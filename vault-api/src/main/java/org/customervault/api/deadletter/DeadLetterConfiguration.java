package org.customervault.api.deadletter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.Set;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.customervault.projections.customer.CustomerViewProjection;
import org.customervault.projections.timeline.CustomerTimelineProjection;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The read models never skip an event. An event whose handler fails is parked in a dead-letter
 * queue in PostgreSQL ({@code deadletterentry}, its payload as stored: ciphertext), with the same
 * customer's later events behind it, while other customers go on; parked events are retried by
 * themselves ({@link DeadLetterRetry}) and on an ADMIN's request, counted in
 * {@code vault.processor.dead.letters} and shown in health as {@code deadLetters}.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    private static final Status DEGRADED = new Status("DEGRADED", "events are parked; the read models lack them");

    @Bean
    ConfigurerModule deadLetterQueues(ConnectionProvider connections, TransactionManager transactions) {
        return configurer -> DeadLetters.READ_MODELS.forEach(processor -> configurer.eventProcessing()
                .registerDeadLetterQueue(processor, axon -> JdbcSequencedDeadLetterQueue.<EventMessage<?>>builder()
                        .processingGroup(processor)
                        .connectionProvider(connections)
                        .transactionManager(transactions)
                        .genericSerializer(axon.serializer())
                        // the stored form is kept as it is: personal fields stay ciphertext
                        .eventSerializer(axon.eventSerializer())
                        .converter(new IdentifiedDeadLetters(DeadLetterSchema.defaultSchema(), axon.serializer(),
                                axon.eventSerializer()))
                        .build())
                .registerDeadLetterPolicy(processor, axon -> new ParkingPolicy(processor))
                // a rebuild replays every event, so parked ones are dropped with the read model
                .registerDeadLetteringEventHandlerInvokerConfiguration(processor, (axon, invoker) -> invoker
                        .allowReset(true)
                        .enableSequenceIdentifierCache()));
    }

    @Bean
    SavepointAfterDatabaseFailure savepointAfterDatabaseFailure(PlatformTransactionManager transactions) {
        return new SavepointAfterDatabaseFailure(Set.of(CustomerViewProjection.class, CustomerTimelineProjection.class),
                transactions);
    }

    @Bean
    DeadLetters readModelDeadLetters(Configuration axon, JdbcTemplate jdbc) {
        return new DeadLetters(axon, jdbc);
    }

    @Bean
    DeadLetterRetry deadLetterRetry(DeadLetters deadLetters) {
        return new DeadLetterRetry(deadLetters);
    }

    /** {@code vault.processor.dead.letters{processor}}: events parked, per read model. */
    @Bean
    MeterBinder deadLetterMeters(DeadLetters deadLetters) {
        return registry -> DeadLetters.READ_MODELS.forEach(processor -> Gauge.builder("vault.processor.dead.letters",
                        deadLetters, letters -> letters.parked().get(processor))
                .tag("processor", processor)
                .description("Events parked after their handler failed; the read model lacks them until they are retried")
                .register(registry));
    }

    /** {@code deadLetters} in {@code /actuator/health}: DEGRADED while events are parked, the count per read model. */
    @Bean("deadLetters")
    HealthIndicator deadLetterHealth(DeadLetters deadLetters) {
        return () -> {
            Map<String, Long> parked = deadLetters.parked();
            boolean any = parked.values().stream().anyMatch(count -> count > 0);
            return Health.status(any ? DEGRADED : Status.UP).withDetails(Map.copyOf(parked)).build();
        };
    }
}
