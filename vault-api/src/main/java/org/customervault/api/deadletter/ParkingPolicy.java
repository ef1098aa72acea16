package org.customervault.api.deadletter;

import java.sql.SQLException;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failed event is parked, never dropped. The cause kept with it is the exception's type and,
 * for a database error, its SQL state: never the message, which for a database error can quote the
 * values of the row (ciphertexts and search tokens, but still nothing that belongs in a listing).
 * The first failure of an event is logged once; its retries count up in the letter's diagnostics.
 */
final class ParkingPolicy implements EnqueuePolicy<EventMessage<?>> {

    static final String RETRIES = "retries";
    private static final Logger LOG = LoggerFactory.getLogger(ParkingPolicy.class);

    private final String processor;

    ParkingPolicy(String processor) {
        this.processor = processor;
    }

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        boolean firstFailure = letter.diagnostics().get(RETRIES) == null;
        long retries = firstFailure ? 0 : retries(letter.diagnostics()) + 1;
        if (firstFailure) {
            EventMessage<?> event = letter.message();
            LOG.warn("{} parked event {} of customer {}: {}", processor, event.getIdentifier(),
                    event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : "-", describe(cause));
        }
        return Decisions.enqueue(new ThrowableCause(cause.getClass().getName(), describe(cause)),
                parked -> parked.diagnostics().and(RETRIES, retries));
    }

    static long retries(MetaData diagnostics) {
        Object retries = diagnostics.get(RETRIES);
        return retries == null ? 0 : Long.parseLong(retries.toString());
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return "database error, SQL state " + sql.getSQLState();
            }
            root = cause;
        }
        return root.getClass().getSimpleName();
    }
}
