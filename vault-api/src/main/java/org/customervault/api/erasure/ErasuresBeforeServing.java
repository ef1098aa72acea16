package org.customervault.api.erasure;

import org.customervault.api.background.StepAtStart;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
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
class ErasuresBeforeServing extends StepAtStart {

    static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1536;

    private final ErasureProcess erasures;

    ErasuresBeforeServing(ErasureProcess erasures) {
        super(PHASE);
        this.erasures = erasures;
    }

    @Override
    protected void run() {
        erasures.finishPendingErasures();
    }
}
