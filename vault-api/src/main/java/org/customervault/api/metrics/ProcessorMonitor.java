package org.customervault.api.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;

/**
 * What one event processor handled, by event type ({@code eventProcessor.successCounter},
 * {@code failureCounter}, {@code ignoredCounter}, {@code allTimer}), and how old the last event it
 * took was ({@code eventProcessor.latency}, milliseconds). Axon's own monitors look their meters up
 * in the registry for every event, which cost about a quarter of a processor's time in a replay;
 * these meters are made once per processor and event type.
 */
final class ProcessorMonitor implements MessageMonitor<Message<?>> {

    private record Meters(Counter succeeded, Counter failed, Counter ignored, Timer handling) {
    }

    private final MeterRegistry registry;
    private final String processor;
    private final Clock clock;
    private final ConcurrentMap<Class<?>, Meters> byPayloadType = new ConcurrentHashMap<>();
    private final AtomicLong lastEventAgeMillis = new AtomicLong();

    ProcessorMonitor(MeterRegistry registry, String processor, Clock clock) {
        this.registry = registry;
        this.processor = processor;
        this.clock = clock;
        Gauge.builder("eventProcessor.latency", lastEventAgeMillis, AtomicLong::get).tag("processorName", processor)
                .description("Age of the last event the processor took, in milliseconds").register(registry);
    }

    @Override
    public MonitorCallback onMessageIngested(Message<?> message) {
        Meters meters = byPayloadType.computeIfAbsent(message.getPayloadType(), this::meters);
        if (message instanceof EventMessage<?> event) {
            lastEventAgeMillis.set(Math.max(0, clock.millis() - event.getTimestamp().toEpochMilli()));
        }
        long started = System.nanoTime();
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                meters.handling().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                meters.succeeded().increment();
            }

            @Override
            public void reportFailure(Throwable cause) {
                meters.handling().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                meters.failed().increment();
            }

            @Override
            public void reportIgnored() {
                meters.ignored().increment();
            }
        };
    }

    private Meters meters(Class<?> payloadType) {
        String type = payloadType.getSimpleName();
        return new Meters(counter("eventProcessor.successCounter", type), counter("eventProcessor.failureCounter", type),
                counter("eventProcessor.ignoredCounter", type),
                Timer.builder("eventProcessor.allTimer").tag("processorName", processor).tag("payloadType", type)
                        .register(registry));
    }

    private Counter counter(String name, String payloadType) {
        return Counter.builder(name).tag("processorName", processor).tag("payloadType", payloadType).register(registry);
    }
}
