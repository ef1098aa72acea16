package org.customervault.api.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code vault.processor.lag}: for each event processor, how many events the store holds beyond the
 * furthest behind of the segments this node works on (the Kafka publication's lag is its
 * processor's). Not a number on a node that works on none of the processor's segments.
 */
@Component
class ProcessorLagMetrics {

    private static final long NOTHING = -1;

    private final MeterRegistry registry;
    private final EventProcessingConfiguration processing;
    private final EventStore events;

    ProcessorLagMetrics(MeterRegistry registry, EventProcessingConfiguration processing, EventStore events) {
        this.registry = registry;
        this.processing = processing;
        this.events = events;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof TrackingEventProcessor tracking) {
                Gauge.builder("vault.processor.lag", () -> lag(tracking)).tag("processor", name).baseUnit("events")
                        .description("Events stored but not yet handled by this processor").register(registry);
            }
        });
    }

    private double lag(TrackingEventProcessor processor) {
        if (processor.processingStatus().isEmpty()) {
            return Double.NaN;
        }
        TrackingToken headToken = events.createHeadToken();
        long head = headToken == null ? NOTHING : headToken.position().orElse(NOTHING);
        // a segment without a position has handled nothing yet
        long behind = processor.processingStatus().values().stream().map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(position -> position.orElse(NOTHING)).min().orElse(NOTHING);
        return Math.max(0, head - behind);
    }
}
