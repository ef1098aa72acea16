package org.customervault.api.console;

import org.axonframework.modelling.command.ConflictingAggregateVersionException;
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
}
