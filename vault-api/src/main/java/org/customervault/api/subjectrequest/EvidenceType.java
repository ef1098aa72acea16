package org.customervault.api.subjectrequest;

/**
 * What an answer points to as its proof: the export given (its {@code exportedAt}), the erasure
 * certificate (its subject id), the customer's change that rectified, restricted, recorded an
 * objection or withdrew a consent (the customer's version after it, the number in the ETag the change
 * answered with), or a letter sent (its reference). Which of them answers which request is
 * {@link AnswerEvidence}'s rule.
 */
public enum EvidenceType {
    EXPORT, ERASURE_CERTIFICATE, RECTIFICATION, RESTRICTION, OBJECTION, CONSENT_CHANGE, LETTER
}
