package org.customervault.api.idempotency;

/** A {@link OneTimeForm} post refused before it ran, so nothing of it was done; the console shows why. */
public class FormTokenRefusedException extends RuntimeException {

    /** Why the post was refused, with the status the console answers it with. */
    public enum Reason {
        /** Sent without a well-formed token: a page from before the form had one, or a forged post (400). */
        MISSING(400),
        /** The token was sent before with other values: the page was sent, then changed and sent again (422). */
        REUSED(422),
        /** The first post with this token is still running after the console waited for it (409). */
        IN_FLIGHT(409);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Reason reason;

    FormTokenRefusedException(Reason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
