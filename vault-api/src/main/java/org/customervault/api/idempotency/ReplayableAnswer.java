package org.customervault.api.idempotency;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a POST handler whose successful answer holds nothing personal and nothing secret (identifiers,
 * a {@code Location}), so that it is kept under the request's {@code Idempotency-Key} and shown again to
 * a retry. A handler without it keeps nothing of its successful answer: a retry learns that the request
 * was carried out, and with which status, but not what it answered.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ReplayableAnswer {
}
