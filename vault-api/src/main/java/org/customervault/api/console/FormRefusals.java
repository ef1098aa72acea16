package org.customervault.api.console;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Optional;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.customervault.api.problem.ConflictException;
import org.customervault.api.problem.PreconditionFailedException;
import org.customervault.domain.customer.DuplicateOrderException;
import org.customervault.domain.customer.LegalHoldException;
import org.customervault.domain.customer.ProcessingRestrictedException;

/**
 * Refusals a form shows as one message for the whole form rather than as a failure page, and the status each is
 * answered with: the API's own for the same refusal, so a page and the API never disagree on what happened.
 */
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

    /**
     * Whether the API refused the write with a 409: the customer's or the resource's state does not allow it (a
     * restriction, a legal hold, an order already recorded, a name taken), or another change was stored at the same
     * moment. Nothing was stored. A stale version is not one of these: it is a 412 ({@link #isStale}).
     */
    public static boolean isConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConflictingAggregateVersionException) {
                return false;
            }
            if (cause instanceof ConflictException || cause instanceof ConcurrencyException
                    || cause instanceof ProcessingRestrictedException || cause instanceof LegalHoldException
                    || cause instanceof DuplicateOrderException) {
                return true;
            }
        }
        return false;
    }

    /** The status of a form refused for {@code failure} and shown again: 412 when stale, 409 for a conflict, else 422. */
    public static int status(Throwable failure) {
        if (isStale(failure)) {
            return HttpServletResponse.SC_PRECONDITION_FAILED;
        }
        if (isConflict(failure)) {
            return HttpServletResponse.SC_CONFLICT;
        }
        return 422;
    }

    /**
     * The API's refusal of a form as what to show beside it: its field messages (422), or its conflict's detail for
     * the whole form (409, under the empty field). Any other failure is rethrown, for the console's failure page.
     */
    public static Map<String, String> shown(RuntimeException failure, HttpServletResponse response) {
        Optional<Map<String, String>> errors = FieldErrors.of(failure);
        if (errors.isPresent()) {
            response.setStatus(422);
            return errors.get();
        }
        Optional<String> conflict = conflict(failure);
        if (conflict.isPresent()) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            return Map.of("", conflict.get());
        }
        throw failure;
    }
}
