package org.customervault.api.problem;

/** The request clashes with what exists (a name taken, say); the detail names the rule, never a value. */
public class ConflictException extends RuntimeException {

    public ConflictException(String detail) {
        super(detail);
    }

    /** Fixed text written by the vault, so it may go into the problem's detail. */
    public String detail() {
        return getMessage();
    }
}
