package org.customervault.api.problem;

/**
 * A read for a purpose the customer objected to, or withdrew or refused consent for. The purpose is not repeated in
 * the problem: the caller sent it, and the refusal alone says enough.
 */
public class PurposeRefusedException extends RuntimeException {

    public PurposeRefusedException() {
        super("the customer objects to this purpose or withdrew consent for it");
    }
}
