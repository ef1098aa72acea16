package org.customervault.api.problem;

/** The resource named in the path does not exist. */
public class NotFoundException extends RuntimeException {

    private final String what;

    public NotFoundException(String what) {
        super(what + " not found");
        this.what = what;
    }

    /** What was looked for ("customer", "token"), fixed text written by the vault. */
    public String what() {
        return what;
    }
}
