package org.customervault.api.metrics;

import io.micrometer.core.instrument.Timer;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.customervault.domain.eventstore.ForwardingEventStorageEngine;

/**
 * The event store's storage engine with its appends timed ({@code vault.eventstore.append}): the
 * encryption of the events and their insert. The wait for the disk comes at the transaction's
 * commit and is part of the command's own time ({@code commandBus} metrics).
 */
public final class TimedEventStorageEngine extends ForwardingEventStorageEngine {

    private final Timer appends;

    public TimedEventStorageEngine(EventStorageEngine engine, Timer appends) {
        super(engine);
        this.appends = appends;
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        appends.record(() -> engine.appendEvents(events));
    }
}
