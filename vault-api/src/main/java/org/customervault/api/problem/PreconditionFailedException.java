package org.customervault.api.problem;

/** The request's {@code If-Match} names a version of the resource other than its current one. */
public class PreconditionFailedException extends RuntimeException {

    public PreconditionFailedException() {
        super("If-Match does not match the current version");
    }
}
