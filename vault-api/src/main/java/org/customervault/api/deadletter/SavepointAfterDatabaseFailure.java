package org.customervault.api.deadletter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.SQLException;
import java.util.Set;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A statement that fails aborts PostgreSQL's whole transaction, so the dead-letter queue, which
 * writes in that same transaction, could not park the event: the processor would roll the batch
 * back and retry it forever. A read model's handler therefore runs in a savepoint once its event has
 * failed with a database error: the processor retries the batch (with its own backoff), the failure
 * is then rolled back to the savepoint, and the event is parked. Events that never failed pay
 * nothing for it.
 */
final class SavepointAfterDatabaseFailure implements HandlerEnhancerDefinition {

    private static final long REMEMBERED_FAILURES = 10_000;

    private final Set<Class<?>> readModels;
    private final TransactionTemplate savepoint;
    private final Cache<String, Boolean> failedEvents = Caffeine.newBuilder().maximumSize(REMEMBERED_FAILURES).build();

    SavepointAfterDatabaseFailure(Set<Class<?>> readModels, PlatformTransactionManager transactions) {
        this.readModels = Set.copyOf(readModels);
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!readModels.contains(original.declaringClass())) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                if (failedEvents.getIfPresent(message.getIdentifier()) != null) {
                    return inSavepoint(() -> super.handle(message, target));
                }
                try {
                    return super.handle(message, target);
                } catch (Exception failure) {
                    if (isDatabaseFailure(failure)) {
                        failedEvents.put(message.getIdentifier(), Boolean.TRUE);
                    }
                    throw failure;
                }
            }
        };
    }

    private Object inSavepoint(Handling handling) throws Exception {
        try {
            return savepoint.execute(status -> {
                try {
                    return handling.handle();
                } catch (Exception failure) {
                    throw new HandlerFailed(failure);
                }
            });
        } catch (HandlerFailed failed) {
            throw failed.handlerFailure;
        }
    }

    private static boolean isDatabaseFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException || cause instanceof DataAccessException) {
                return true;
            }
        }
        return false;
    }

    @FunctionalInterface
    private interface Handling {
        Object handle() throws Exception;
    }

    /** Carries a handler's exception out of the savepoint's callback, which rolls back on it. */
    private static final class HandlerFailed extends RuntimeException {
        private final Exception handlerFailure;

        HandlerFailed(Exception handlerFailure) {
            super(null, null, false, false);
            this.handlerFailure = handlerFailure;
        }
    }
}
