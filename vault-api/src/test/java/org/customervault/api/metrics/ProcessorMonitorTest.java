package org.customervault.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.ProcessingRestrictionLiftedEvent;
import org.junit.jupiter.api.Test;

class ProcessorMonitorTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProcessorMonitor monitor = new ProcessorMonitor(registry, "customer-view", Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void countsAndTimesWhatTheProcessorHandledByEventType() {
        GenericEventMessage<ProcessingRestrictionLiftedEvent> lifted = new GenericEventMessage<>(UUID.randomUUID().toString(),
                new ProcessingRestrictionLiftedEvent(CustomerId.newId()), MetaData.emptyInstance(), NOW.minusSeconds(3));

        monitor.onMessageIngested(lifted).reportSuccess();
        monitor.onMessageIngested(lifted).reportSuccess();
        monitor.onMessageIngested(lifted).reportIgnored();
        monitor.onMessageIngested(lifted).reportFailure(new IllegalStateException("test"));

        assertThat(registry.get("eventProcessor.successCounter").tag("processorName", "customer-view")
                .tag("payloadType", "ProcessingRestrictionLiftedEvent").counter().count()).isEqualTo(2);
        assertThat(registry.get("eventProcessor.ignoredCounter").counter().count()).isEqualTo(1);
        assertThat(registry.get("eventProcessor.failureCounter").counter().count()).isEqualTo(1);
        assertThat(registry.get("eventProcessor.allTimer").timer().count()).isEqualTo(3);
        assertThat(registry.get("eventProcessor.latency").tag("processorName", "customer-view").gauge().value()).isEqualTo(3000);
    }
}
