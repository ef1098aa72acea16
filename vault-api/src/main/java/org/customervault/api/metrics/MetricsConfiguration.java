package org.customervault.api.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventProcessor;
import org.customervault.domain.crypto.CachingSubjectKeyStore;
import org.customervault.domain.crypto.CipherObserver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The vault's own meters, beside Axon's (command, query and event-processor timers and counters per
 * message type): encryption, the key cache, the event store's appends. Tags name operations,
 * outcomes, caches and processors only: never a customer, never a value.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    @Bean
    CipherObserver cipherObserver(MeterRegistry registry) {
        Map<CipherObserver.Operation, Timer> succeeded = new EnumMap<>(CipherObserver.Operation.class);
        Map<CipherObserver.Operation, Timer> failed = new EnumMap<>(CipherObserver.Operation.class);
        for (CipherObserver.Operation operation : CipherObserver.Operation.values()) {
            succeeded.put(operation, cipherTimer(registry, operation, "success"));
            failed.put(operation, cipherTimer(registry, operation, "failure"));
        }
        return (operation, nanos, worked) -> (worked ? succeeded : failed).get(operation).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The event processors' meters, made once per processor and event type ({@link ProcessorMonitor}). */
    @Bean
    ConfigurerModule eventProcessorMetrics(MeterRegistry registry) {
        return configurer -> configurer.configureMessageMonitor(EventProcessor.class,
                (configuration, componentType, processor) -> new ProcessorMonitor(registry, processor, Clock.systemUTC()));
    }

    /** The event store's appends, see {@link TimedEventStorageEngine}. */
    @Bean
    Timer eventStoreAppends(MeterRegistry registry) {
        return Timer.builder("vault.eventstore.append").description("Appends of events to the event store, encryption included")
                .register(registry);
    }

    /** {@code cache_*{cache="vault.keys.reading|writing"}}: hits, misses, evictions and size of the data-key cache. */
    @Bean
    MeterBinder keyCacheMetrics(CachingSubjectKeyStore keys) {
        return registry -> keys.statistics().keySet().forEach(name ->
                CacheMeters.register(registry, "vault.keys." + name, keys, store -> store.statistics().get(name)));
    }

    private static Timer cipherTimer(MeterRegistry registry, CipherObserver.Operation operation, String outcome) {
        return Timer.builder("vault.crypto.operations").description("Encryptions and decryptions of personal values")
                .tag("operation", operation.name().toLowerCase(Locale.ROOT)).tag("outcome", outcome).register(registry);
    }
}
