package org.customervault.api.deadletter;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Retries parked events by itself, so that a read model heals once what failed recovers (a key
 * store or database that was away): every second at first, then, while every attempt fails, twice
 * as long each round up to five minutes. Each round first drops the letters of erased customers.
 * It starts after the processors and stops before them.
 */
final class DeadLetterRetry implements SmartLifecycle {

    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration LONGEST_DELAY = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRetry.class);

    private final DeadLetters deadLetters;
    private ScheduledExecutorService scheduler;
    private Duration delay = FIRST_DELAY;

    DeadLetterRetry(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "dead-letter-retry");
            thread.setDaemon(true);
            return thread;
        });
        schedule();
    }

    private synchronized void schedule() {
        if (scheduler != null && !scheduler.isShutdown()) {
            scheduler.schedule(this::round, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void round() {
        boolean healthy;
        try {
            deadLetters.purgeErased();
            boolean nothingParked = deadLetters.parked().values().stream().allMatch(count -> count == 0);
            healthy = nothingParked || deadLetters.retryAll();
        } catch (RuntimeException databaseAway) {
            // retried with a growing delay, so this is a line per round at most
            LOG.warn("could not retry parked events: {}", databaseAway.getClass().getName());
            healthy = false;
        }
        synchronized (this) {
            delay = healthy ? FIRST_DELAY : min(delay.multipliedBy(2), LONGEST_DELAY);
        }
        schedule();
    }

    @Override
    public void stop() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = scheduler;
            stopping.shutdownNow();
        }
        try {
            // a round in flight ends after the letter it is on
            stopping.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }

    /** Started last, stopped first: the processors it retries for are still there throughout. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
