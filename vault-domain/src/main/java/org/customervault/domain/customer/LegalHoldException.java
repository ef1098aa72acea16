package org.customervault.domain.customer;

/** A legal hold stands on the customer: nothing erases them until it is released. */
public class LegalHoldException extends RuntimeException {

    public LegalHoldException(CustomerId customerId) {
        super("customer " + customerId + " is under a legal hold");
    }

    /** Whether a legal hold refused what failed, however the command bus wrapped the refusal. */
    public static boolean isCauseOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof LegalHoldException) {
                return true;
            }
        }
        return false;
    }
}
