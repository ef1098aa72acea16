package org.customervault.api.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * An open-model load driver: requests start on a fixed schedule whether or not earlier ones have
 * answered, and each latency is measured from the moment its request was due, so a stalled server
 * cannot hide its queueing (no coordinated omission).
 */
final class LoadDriver {

    record Result(String scenario, int ratePerSecond, long requests, long errors, double seconds, Histogram latencies) {

        String row() {
            return String.format("| %s | %d | %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f |", scenario, ratePerSecond,
                    requests, errors, requests / seconds, millis(50), millis(99), millis(99.9), latencies.getMaxValue() / 1e6);
        }

        private double millis(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1e6;
        }
    }

    static final String HEADER = "| scenario | target req/s | requests | errors | achieved req/s | p50 ms | p99 ms | p99.9 ms | max ms |\n"
            + "|---|---|---|---|---|---|---|---|---|";

    /** More requests in flight than this wait for a free connection; their wait counts in their latency. */
    private static final int MAX_IN_FLIGHT = 64;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4))
            .build();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final String authorization;

    LoadDriver(String authorization) {
        this.authorization = authorization;
    }

    Result run(String scenario, int ratePerSecond, Duration duration, IntFunction<URI> target) throws InterruptedException {
        long interval = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
        int total = (int) (duration.toSeconds() * ratePerSecond);
        Histogram latencies = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            HttpRequest request = HttpRequest.newBuilder(target.apply(i)).header("Authorization", authorization)
                    .timeout(Duration.ofSeconds(30)).GET().build();
            inFlight.acquireUninterruptibly();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                inFlight.release();
                latencies.recordValue(Math.max(0, System.nanoTime() - due));
                if (failure != null || response.statusCode() != 200) {
                    errors.incrementAndGet();
                }
                done.countDown();
            });
        }
        done.await(2, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(scenario, ratePerSecond, total, errors.get(), seconds, latencies);
    }
}
