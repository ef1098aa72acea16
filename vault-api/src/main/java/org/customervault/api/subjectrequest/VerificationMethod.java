package org.customervault.api.subjectrequest;

/** How the requester's identity was checked before anything of the subject's data was acted on. */
public enum VerificationMethod {
    IDENTITY_DOCUMENT, SIGNED_IN_ACCOUNT, EMAIL_CONFIRMATION, PHONE_CALLBACK, IN_PERSON, OTHER
}
