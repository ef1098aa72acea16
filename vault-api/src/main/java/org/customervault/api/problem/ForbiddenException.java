package org.customervault.api.problem;

/** The caller's role does not allow what the request asks for; the detail names the rule, never a value. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String detail) {
        super(detail);
    }

    /** Fixed text written by the vault, so it may go into the problem's detail. */
    public String detail() {
        return getMessage();
    }
}
