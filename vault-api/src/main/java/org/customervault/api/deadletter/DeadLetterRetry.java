package org.customervault.api.deadletter;

import java.time.Duration;
import org.customervault.api.background.BackgroundThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries parked events by itself, so that a read model heals once what failed recovers (a key
 * store or database that was away): every second at first, then, while every attempt fails, twice
 * as long each round up to five minutes. Each round first drops the letters of erased customers.
 * It starts last and stops first: the processors it retries for are there throughout.
 */
final class DeadLetterRetry extends BackgroundThread {

    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration LONGEST_DELAY = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRetry.class);

    private final DeadLetters deadLetters;
    private Duration delay = FIRST_DELAY;

    DeadLetterRetry(DeadLetters deadLetters) {
        // a round in flight ends after the letter it is on
        super("dead-letter-retry", Integer.MAX_VALUE, Duration.ofSeconds(2));
        this.deadLetters = deadLetters;
    }

    @Override
    protected void started() {
        schedule();
    }

    private synchronized void schedule() {
        after(delay, this::round);
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

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
