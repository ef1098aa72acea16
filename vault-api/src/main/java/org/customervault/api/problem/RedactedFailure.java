package org.customervault.api.problem;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A failure as the log may show it: the classes and stack frames of the failure, its causes and
 * what it suppressed, and none of their messages, which may carry what was sent or stored.
 */
final class RedactedFailure extends RuntimeException {

    private static final int MAX_DEPTH = 16;

    private RedactedFailure(Throwable original, RedactedFailure cause) {
        super(original.getClass().getName(), cause, true, true);
        setStackTrace(original.getStackTrace());
    }

    static RedactedFailure of(Throwable failure) {
        return of(failure, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
    }

    private static RedactedFailure of(Throwable failure, Set<Throwable> seen, int depth) {
        seen.add(failure);
        Throwable cause = failure.getCause();
        RedactedFailure redactedCause = cause == null || seen.contains(cause) || depth >= MAX_DEPTH
                ? null : of(cause, seen, depth + 1);
        RedactedFailure redacted = new RedactedFailure(failure, redactedCause);
        for (Throwable suppressed : failure.getSuppressed()) {
            if (!seen.contains(suppressed) && depth < MAX_DEPTH) {
                redacted.addSuppressed(of(suppressed, seen, depth + 1));
            }
        }
        return redacted;
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
