package org.customervault.api.console;

import java.util.Optional;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.customervault.api.problem.ConflictException;
import org.customervault.api.problem.PreconditionFailedException;

/** Refusals a form shows as one message for the whole form rather than as a failure page. */
public final class FormRefusals {

    /** The message code, under the form's "" key, for a form sent with a version the customer is no longer at. */
    public static final String STALE = "stale";

    private FormRefusals() {
    }

    /**
     * Whether the API refused the write because the customer changed since the version the form carried (its 412):
     * the repository compared the versions under the customer's lock, so nothing was stored.
     */
    public static boolean isStale(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PreconditionFailedException || cause instanceof ConflictingAggregateVersionException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The API's conflict (its 409) in the chain of causes, as its detail in the console's language: the write clashed
     * with what is stored (a request's status, a notice's text), so nothing was stored.
     */
    public static Optional<String> conflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConflictException conflict) {
                return Optional.of(FieldMessages.inConsoleLanguage(conflict.detail()));
            }
        }
        return Optional.empty();
    }
}
