package org.customervault.api.problem;

/** The resource named in the path does not exist. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what) {
        super(what + " not found");
    }
}
