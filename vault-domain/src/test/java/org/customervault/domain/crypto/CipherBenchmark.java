package org.customervault.domain.crypto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
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
 * JMH: AES-256-GCM encryption and decryption of one field (64 bytes, 1 KiB), envelope encoding
 * included, key lookup excluded. Run with {@code -Pbenchmark}; it asserts nothing about speed.
 */
@Tag("benchmark")
public class CipherBenchmark {

    @State(Scope.Thread)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public static class Field {

        @Param({"64", "1024"})
        public int bytes;

        private final FieldCipher cipher = new FieldCipher();
        private DataKey key;
        private byte[] plaintext;
        private String sealed;

        @Setup
        public void prepare() {
            byte[] material = new byte[DataKey.KEY_BYTES];
            new SecureRandom().nextBytes(material);
            key = new DataKey(UUID.randomUUID().toString(), 1, material);
            plaintext = new byte[bytes];
            new SecureRandom().nextBytes(plaintext);
            sealed = cipher.encrypt(key, plaintext, "subject", "bench.field").encode();
        }

        @Benchmark
        public String encrypt() {
            return cipher.encrypt(key, plaintext, "subject", "bench.field").encode();
        }

        @Benchmark
        public byte[] decrypt() {
            return cipher.decrypt(key, Envelope.decode(sealed), "subject", "bench.field");
        }

        @Benchmark
        public byte[] encryptAndDecrypt() {
            String encoded = cipher.encrypt(key, plaintext, "subject", "bench.field").encode();
            return cipher.decrypt(key, Envelope.decode(encoded), "subject", "bench.field");
        }
    }

    @Test
    void fieldEncryption() throws Exception {
        // forks(0): the test runner's class path is not one a forked JVM could use
        Collection<RunResult> results = new Runner(new OptionsBuilder().include(Pattern.quote(CipherBenchmark.class.getName() + ".Field."))
                .forks(0).warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1)).build()).run();
        StringBuilder report = new StringBuilder(String.format("| benchmark | field bytes | ns/op | ± |%n|---|---|---|---|%n"));
        for (RunResult result : results) {
            report.append(String.format("| %s | %s | %.0f | %.0f |%n", result.getParams().getBenchmark().replaceAll(".*\\.", ""),
                    result.getParams().getParam("bytes"), result.getPrimaryResult().getScore(),
                    result.getPrimaryResult().getScoreError()));
        }
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "cipher-benchmark.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }
}
