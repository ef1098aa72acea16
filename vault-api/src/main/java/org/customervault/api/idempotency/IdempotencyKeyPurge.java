package org.customervault.api.idempotency;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * Deletes the keys past their retention, on every node every {@code purge-interval}: the statement is
 * short and the same on each, so no node needs to be chosen to run it. A key past its retention and
 * not purged yet already counts as new ({@link IdempotencyKeys#claim}).
 */
final class IdempotencyKeyPurge implements SmartLifecycle {

    private final IdempotencyKeys keys;
    private final IdempotencySettings settings;
    private ScheduledExecutorService scheduler;

    IdempotencyKeyPurge(IdempotencyKeys keys, IdempotencySettings settings) {
        this.keys = keys;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "idempotency-key-purge");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.purgeInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::purge, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void purge() {
        try {
            keys.purge();
        } catch (RuntimeException databaseAway) {
            // the next round deletes what this one could not; an expired key counts as new meanwhile
        }
    }

    @Override
    public synchronized void stop() {
        scheduler.shutdownNow();
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }
}
