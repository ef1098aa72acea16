package org.customervault.api.admin;

/** What the operations endpoints ask of a request. */
public final class AdminRequests {

    /**
     * The operations take no body, yet, like every request that changes data, declare JSON, so that
     * no cross-site form can trigger them (see {@code JsonWritesOnly}); the OpenAPI document says so,
     * so that generated clients send the header.
     */
    public static final String NO_BODY = "No body is needed, but Content-Type: application/json is (an empty body or {})";

    private AdminRequests() {
    }
}
