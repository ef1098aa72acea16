package org.customervault.api.admin;

import org.customervault.api.problem.ConflictException;

/** A rebuild of the read models that was not started, and why. */
public class RebuildRefusedException extends ConflictException {

    public enum Reason { UNDER_WAY, OTHER_NODE }

    private final Reason reason;

    RebuildRefusedException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
