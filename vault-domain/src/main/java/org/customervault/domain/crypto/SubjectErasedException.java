package org.customervault.domain.crypto;

/**
 * The subject was erased: their key is destroyed and no key will ever be created for them again.
 * Writing for them is refused; reading what was written for them yields the erasure marker.
 */
public class SubjectErasedException extends RuntimeException {

    private final String subjectId;

    public SubjectErasedException(String subjectId) {
        super("subject " + subjectId + " was erased");
        this.subjectId = subjectId;
    }

    public String subjectId() {
        return subjectId;
    }
}
