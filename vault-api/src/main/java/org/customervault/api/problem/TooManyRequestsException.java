package org.customervault.api.problem;

import java.time.Duration;

/** A rate limit was reached; answered with 429 and {@code Retry-After}. The detail is fixed text, never a value. */
public class TooManyRequestsException extends RuntimeException {

    private final transient Duration retryAfter;

    public TooManyRequestsException(Duration retryAfter, String detail) {
        super(detail);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public String detail() {
        return getMessage();
    }
}
