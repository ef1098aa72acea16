package org.customervault.api.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load driver: each of N clients sends its next request as soon as its last one
 * answered, as N agents working flat out would. The rate is what the server sustains at that
 * concurrency; latency counts from each request's start (in a closed loop nothing waits to start).
 */
final class ClosedLoopDriver {

    /** One request of one client; answers whether the server gave the expected answer. */
    @FunctionalInterface
    interface Call {
        boolean send(int client) throws Exception;
    }

    record Result(String scenario, int clients, long requests, long errors, double seconds, Histogram latencies) {

        double perSecond() {
            return requests / seconds;
        }

        double millis(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1e6;
        }
    }

    private ClosedLoopDriver() {
    }

    /**
     * Runs {@code clients} loops for {@code warmUp} then {@code measure}; only requests started in the
     * measured window count, and the window's length is the divisor of the rate.
     */
    static Result run(String scenario, int clients, Duration warmUp, Duration measure, Call call) throws Exception {
        Histogram latencies = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong requests = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long measureFrom = System.nanoTime() + warmUp.toNanos();
        long end = measureFrom + measure.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                running.add(pool.submit(() -> {
                    long began;
                    while ((began = System.nanoTime()) < end) {
                        boolean expected;
                        try {
                            expected = call.send(client);
                        } catch (Exception failed) {
                            expected = false;
                        }
                        if (began >= measureFrom) {
                            latencies.recordValue(System.nanoTime() - began);
                            requests.incrementAndGet();
                            if (!expected) {
                                errors.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            pool.shutdown();
        }
        return new Result(scenario, clients, requests.get(), errors.get(), measure.toNanos() / 1e9, latencies);
    }
}
