package org.customervault.api.background;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * Work a node does by itself, on a daemon thread of its own: started after the event processors and the
 * erasures left pending at start (a late {@link #getPhase() phase}), stopped before them. A stop interrupts
 * the thread and waits a while for the round in flight, which ends after the item it is on.
 */
public abstract class BackgroundThread implements SmartLifecycle {

    private final String threadName;
    private final int phase;
    private final Duration stopWait;
    private ScheduledExecutorService scheduler;

    protected BackgroundThread(String threadName, int phase, Duration stopWait) {
        this.threadName = threadName;
        this.phase = phase;
        this.stopWait = stopWait;
    }

    /** Whether this node has the work to do at all (a feature left unconfigured has none). */
    protected boolean enabled() {
        return true;
    }

    /** Schedules the first round; called once, on start. */
    protected abstract void started();

    /** Runs {@code round} every {@code interval}, the first time an interval after the start. */
    protected final synchronized void every(Duration interval, Runnable round) {
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(round, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code round} once after {@code delay}, unless the work has stopped meanwhile. */
    protected final synchronized void after(Duration delay, Runnable round) {
        if (scheduler != null && !scheduler.isShutdown()) {
            scheduler.schedule(round, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public final synchronized void start() {
        if (!enabled()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        started();
    }

    @Override
    public final void stop() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = scheduler;
            if (stopping == null) {
                return;
            }
            stopping.shutdownNow();
        }
        try {
            stopping.awaitTermination(stopWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public final synchronized boolean isRunning() {
        return scheduler != null && !scheduler.isShutdown();
    }

    @Override
    public final int getPhase() {
        return phase;
    }
}
