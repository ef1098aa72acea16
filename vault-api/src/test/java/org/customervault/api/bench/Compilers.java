package org.customervault.api.bench;

import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionTimeoutException;

/** The JVM's JIT compilers, watched so that no measurement pays for compiling what came before it. */
final class Compilers {

    static final int WAIT_SECONDS = 120;
    static final long IDLE_MILLIS_PER_SECOND = 20;

    private Compilers() {
    }

    /**
     * Compilations queued by earlier work still run once that work is gone. Waits for a second in
     * which the compilers worked less than {@link #IDLE_MILLIS_PER_SECOND}; after
     * {@link #WAIT_SECONDS} the measurement goes ahead anyway.
     */
    static void awaitIdle() throws InterruptedException {
        AtomicLong compiled = new AtomicLong(compiledMillis());
        try {
            await("JIT compilers idle").atMost(Duration.ofSeconds(WAIT_SECONDS))
                    .pollDelay(Duration.ofSeconds(1)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        long now = compiledMillis();
                        return now - compiled.getAndSet(now) < IDLE_MILLIS_PER_SECOND;
                    });
        } catch (ConditionTimeoutException stillCompiling) {
            // as before: a benchmark on a busy machine measures rather than fails
        }
    }

    static long compiledMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }
}
