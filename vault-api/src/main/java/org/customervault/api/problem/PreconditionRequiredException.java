package org.customervault.api.problem;

/** The vault requires {@code If-Match} on this write, and the request has none. */
public class PreconditionRequiredException extends RuntimeException {

    public PreconditionRequiredException() {
        super("If-Match is required");
    }
}
