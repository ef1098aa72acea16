package org.customervault.api.background;

import org.springframework.context.SmartLifecycle;

/**
 * Something a node does once as it starts, in the {@link #getPhase() phase} that puts it between the
 * lifecycles it must follow and those it must precede (Spring starts lifecycles in ascending phases); a
 * failure fails the start. Stopping has nothing to undo.
 */
public abstract class StepAtStart implements SmartLifecycle {

    private final int phase;
    private volatile boolean running;

    protected StepAtStart(int phase) {
        this.phase = phase;
    }

    /** The step itself; called once, on start. */
    protected abstract void run();

    @Override
    public final void start() {
        run();
        running = true;
    }

    @Override
    public final void stop() {
        running = false;
    }

    @Override
    public final boolean isRunning() {
        return running;
    }

    @Override
    public final int getPhase() {
        return phase;
    }
}
