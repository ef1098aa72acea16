package org.customervault.api.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/** The JVM's JIT compilers, watched so that no measurement pays for compiling what came before it. */
final class Compilers {

    static final int WAIT_SECONDS = 120;
    static final long IDLE_MILLIS_PER_SECOND = 20;

    private Compilers() {
    }

    /** Compilations queued by earlier work still run once that work is gone. */
    static void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        long compiled = compiledMillis();
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            long before = compiled;
            compiled = compiledMillis();
            if (compiled - before < IDLE_MILLIS_PER_SECOND) {
                return;
            }
        }
    }

    static long compiledMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }
}
