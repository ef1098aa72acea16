package org.customervault.api.compliance;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.customervault.api.problem.InvalidRequestException;

/**
 * A moment a compliance officer names: an ISO 8601 instant, or a date alone meaning the start of
 * that day in UTC (a compliance request names a day, and a day with no zone would mean another
 * instant on every server). The history's {@code asOf} is never later than now: a moment in the
 * future, beyond the clocks' tolerance, is refused rather than answered as if it had come.
 */
final class AsOf {

    static final String PARAMETER = "asOf";
    static final String RULE = "must be an ISO 8601 instant with its offset (Z or +hh:mm), or a date alone (yyyy-MM-dd),"
            + " which means the start of that day, UTC";
    static final String MOMENT = "an ISO 8601 instant with its offset (2026-01-31T10:15:30Z), or a date (2026-01-31)"
            + " meaning the start of that day, UTC.";
    static final String NOT_LATER_THAN_NOW = "must not be in the future";
    /** As much as the vault's clock may be behind the client's, as for every time it is sent. */
    static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);
    static final String DESCRIPTION = "The history up to this moment, inclusive, and the state the customer was in then."
            + " An ISO 8601 instant with its offset (2026-01-31T10:15:30Z), or a date (2026-01-31) meaning the start"
            + " of that day, UTC. Before the customer's first event: no events and no stateAsOf. Absent: now;"
            + " later than now: refused.";

    private AsOf() {
    }

    /** The history's moment: the one named, or now when it names a moment within the clocks' tolerance of now. */
    static Instant historyMoment(String text, Instant now) {
        Instant named = parse(PARAMETER, text);
        if (named.isAfter(now.plus(CLOCK_TOLERANCE))) {
            throw new InvalidRequestException(PARAMETER, NOT_LATER_THAN_NOW);
        }
        return named.isAfter(now) ? now : named;
    }

    /** The moment named by the query parameter {@code parameter}. */
    static Instant parse(String parameter, String text) {
        try {
            return text.length() == "2026-01-31".length()
                    ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException malformed) {
            // the rule, never the text: a problem does not echo what was sent
            throw new InvalidRequestException(parameter, RULE);
        }
    }
}
