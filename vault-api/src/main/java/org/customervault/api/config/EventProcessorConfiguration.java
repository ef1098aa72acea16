package org.customervault.api.config;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.customervault.infra.kafka.KafkaEventPublication;
import org.customervault.projections.customer.CustomerViewProjection;
import org.customervault.projections.timeline.CustomerTimelineProjection;
import org.springframework.context.annotation.Bean;

/**
 * The tracking processors that feed the read models and the Kafka publication, and the event store
 * they read from.
 *
 * <p>Each processor has {@code segments} segments and as many threads (events of one customer stay
 * in one segment; on several nodes the segments are shared out, see {@code SegmentBalancer}).
 *
 * <p>{@code pollInterval} bounds how long a processor waits before it looks for new events itself.
 * Processors are woken at once by events stored on this node, except when a processor's position
 * carries other gaps in the global index than the event store's shared read-ahead (common after
 * concurrent writes): it then reads on its own and would otherwise wait a whole second between
 * reads, and so would every write that waits for the read model. Events stored by another node are
 * noticed within the same interval.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class EventProcessorConfiguration {

    private static final List<String> PROCESSORS = List.of(CustomerViewProjection.PROCESSING_GROUP,
            CustomerTimelineProjection.PROCESSING_GROUP, KafkaEventPublication.PROCESSING_GROUP);

    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, Configuration axon, ProcessorSettings settings) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(axon.getComponent(EventBusSpanFactory.class))
                .fetchDelay(settings.pollInterval().toMillis())
                .timeUnit(TimeUnit.MILLISECONDS)
                .build();
    }

    @Bean
    ConfigurerModule trackingProcessors(ProcessorSettings settings) {
        return configurer -> PROCESSORS.forEach(name -> configurer.eventProcessing().registerTrackingEventProcessor(
                name, Configuration::eventStore, axon -> TrackingEventProcessorConfiguration
                        .forParallelProcessing(settings.segments())
                        .andInitialSegmentsCount(settings.segments())
                        .andBatchSize(settings.batchSize())
                        .andEventAvailabilityTimeout(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS)));
    }
}
