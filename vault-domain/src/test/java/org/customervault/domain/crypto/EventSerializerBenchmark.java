package org.customervault.domain.crypto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.PostalAddress;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.PhoneRectifiedEvent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * JMH: an event written to and read from its stored form, by the encrypting serializer (keys from
 * a warm cache) and by Axon's plain Jackson serializer: what encryption adds per event, apart from
 * the database. Run with {@code -Pbenchmark}; it asserts nothing about speed.
 */
@Tag("benchmark")
public class EventSerializerBenchmark {

    @State(Scope.Thread)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public static class Events {

        @Param({"encrypted", "plain"})
        public String serializer;

        @Param({"registration", "phone"})
        public String event;

        private Serializer events;
        private Object written;
        private EventIdentity identity;
        private SerializedObject<byte[]> stored;

        @Setup
        public void prepare() {
            CustomerId customer = CustomerId.newId();
            events = "plain".equals(serializer) ? VaultJson.serializer() : new PersonalDataSerializer(VaultJson.serializer(),
                    new SubjectCipher(new CachingSubjectKeyStore(new InMemorySubjectKeyStore(), 100, Duration.ofMinutes(10), CacheLease.permanent()),
                            new FieldCipher()));
            written = "phone".equals(event) ? new PhoneRectifiedEvent(customer, "+5491144443333")
                    : new CustomerRegisteredEvent(customer, "María José Núñez", "maria.jose@example.com", "+5491144443333",
                    "27-12345678-9", LocalDate.of(1980, 5, 17),
                    new PostalAddress("Av. Corrientes 1234", "Piso 5", "Buenos Aires", "CABA", "C1043", "AR"), null);
            identity = new EventIdentity(UUID.randomUUID().toString(), customer.value());
            stored = write();
        }

        @Benchmark
        public SerializedObject<byte[]> write() {
            return events instanceof PersonalDataSerializer personal ? personal.serializeEvent(written, identity, byte[].class)
                    : events.serialize(written, byte[].class);
        }

        @Benchmark
        public Object read() {
            return events.deserialize(new IdentifiedPayload<>(stored, identity));
        }
    }

    @Test
    void eventSerialization() throws Exception {
        // forks(0): the test runner's class path is not one a forked JVM could use
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(Pattern.quote(EventSerializerBenchmark.class.getName() + ".Events."))
                .forks(0).warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1)).build()).run();
        StringBuilder report = new StringBuilder(String.format("| operation | event | serializer | ns/op | ± |%n|---|---|---|---|---|%n"));
        for (RunResult result : results) {
            report.append(String.format("| %s | %s | %s | %.0f | %.0f |%n", result.getParams().getBenchmark().replaceAll(".*\\.", ""),
                    result.getParams().getParam("event"), result.getParams().getParam("serializer"),
                    result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()));
        }
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "event-serializer-benchmark.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }
}
