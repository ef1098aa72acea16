package org.customervault.api.subjectrequest;

/**
 * What an answer points to as its proof: the export given (its {@code exportedAt}), the erasure
 * certificate (its subject id), the event that rectified, restricted or changed a consent (the
 * customer's ETag version or the time), or a letter sent (its reference).
 */
public enum EvidenceType {
    EXPORT, ERASURE_CERTIFICATE, RECTIFICATION, RESTRICTION, CONSENT_CHANGE, LETTER
}
