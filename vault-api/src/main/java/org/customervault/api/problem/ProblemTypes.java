package org.customervault.api.problem;

import org.springframework.http.HttpStatus;

/** The {@code type} URIs of the vault's problems: one per kind of failure a client handles. */
public final class ProblemTypes {

    public static final String INVALID_DATA = "urn:customer-vault:problem:invalid-data";
    public static final String MALFORMED_REQUEST = "urn:customer-vault:problem:malformed-request";
    public static final String NOT_FOUND = "urn:customer-vault:problem:not-found";
    public static final String CONFLICT = "urn:customer-vault:problem:conflict";
    public static final String PRECONDITION_FAILED = "urn:customer-vault:problem:precondition-failed";
    public static final String PRECONDITION_REQUIRED = "urn:customer-vault:problem:precondition-required";
    /** A legal hold stands on the customer: erasure (on request or by retention) waits until it is released. */
    public static final String LEGAL_HOLD = "urn:customer-vault:problem:legal-hold";
    public static final String GONE = "urn:customer-vault:problem:erased";
    public static final String PAYLOAD_TOO_LARGE = "urn:customer-vault:problem:payload-too-large";
    public static final String TOO_MANY_REQUESTS = "urn:customer-vault:problem:too-many-requests";
    public static final String KEY_STORE_UNAVAILABLE = "urn:customer-vault:problem:key-store-unavailable";
    public static final String ACCESS_LOG_UNAVAILABLE = "urn:customer-vault:problem:access-log-unavailable";
    public static final String UNAUTHORIZED = "urn:customer-vault:problem:unauthorized";
    public static final String FORBIDDEN = "urn:customer-vault:problem:forbidden";
    /** A read whose Purpose header names a purpose the customer objected to or withdrew consent for. */
    public static final String PURPOSE_REFUSED = "urn:customer-vault:problem:purpose-refused";
    public static final String STORED_DATA_REFUSED = "urn:customer-vault:problem:stored-data-refused";
    /** An {@code Idempotency-Key} sent again with another request (body, path or method) than its first. */
    public static final String IDEMPOTENCY_KEY_REUSED = "urn:customer-vault:problem:idempotency-key-reused";
    /** An {@code Idempotency-Key} whose first request is still running. */
    public static final String IDEMPOTENCY_KEY_IN_USE = "urn:customer-vault:problem:idempotency-key-in-use";
    /** The request of this {@code Idempotency-Key} was carried out, but its answer is not kept to be shown again. */
    public static final String IDEMPOTENT_ANSWER_WITHHELD = "urn:customer-vault:problem:idempotent-answer-withheld";
    public static final String INTERNAL = "urn:customer-vault:problem:internal";

    private ProblemTypes() {
    }

    static String of(HttpStatus status) {
        return switch (status) {
            case UNAUTHORIZED -> UNAUTHORIZED;
            case FORBIDDEN -> FORBIDDEN;
            case NOT_FOUND -> NOT_FOUND;
            case CONFLICT -> CONFLICT;
            case GONE -> GONE;
            case PRECONDITION_FAILED -> PRECONDITION_FAILED;
            case PRECONDITION_REQUIRED -> PRECONDITION_REQUIRED;
            case CONTENT_TOO_LARGE -> PAYLOAD_TOO_LARGE;
            case SERVICE_UNAVAILABLE -> KEY_STORE_UNAVAILABLE;
            case TOO_MANY_REQUESTS -> TOO_MANY_REQUESTS;
            case BAD_REQUEST, UNSUPPORTED_MEDIA_TYPE, METHOD_NOT_ALLOWED, NOT_ACCEPTABLE -> MALFORMED_REQUEST;
            default -> INTERNAL;
        };
    }
}
