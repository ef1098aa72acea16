package org.customervault.api.erasure;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Finishes and re-applies erasures at start ({@link ErasureProcess#finishPendingErasures}) after
 * Axon has started and before the web server accepts a connection, so that no request is ever
 * answered with a customer that a restored database brought back. Spring starts lifecycles in
 * ascending phases: Axon's {@code SpringAxonConfiguration} in {@code Integer.MAX_VALUE - 3072},
 * Boot's {@code WebServerStartStopLifecycle} in {@code Integer.MAX_VALUE - 2048}, which is
 * {@code WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1024}. An erasure that fails
 * here fails the start: the vault does not serve what it could not erase.
 */
@Component
class ErasuresBeforeServing implements SmartLifecycle {

    static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1536;

    private final ErasureProcess erasures;
    private volatile boolean running;

    ErasuresBeforeServing(ErasureProcess erasures) {
        this.erasures = erasures;
    }

    @Override
    public void start() {
        erasures.finishPendingErasures();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
