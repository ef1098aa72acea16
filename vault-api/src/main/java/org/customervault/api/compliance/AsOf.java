package org.customervault.api.compliance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.customervault.api.problem.InvalidRequestException;

/**
 * The {@code asOf} of a history: an ISO 8601 instant, or a date alone meaning the start of that day
 * in UTC (a compliance request names a day, and a day with no zone would mean another instant on
 * every server).
 */
final class AsOf {

    static final String PARAMETER = "asOf";
    static final String RULE = "must be an ISO 8601 instant with its zone or offset, or a date alone (yyyy-MM-dd),"
            + " which means the start of that day, UTC";
    static final String DESCRIPTION = "The history up to this moment, inclusive, and the state the customer was in then."
            + " An ISO 8601 instant (2026-01-31T10:15:30Z), or a date (2026-01-31) meaning the start of that day, UTC."
            + " Before the customer's first event: no events and no stateAsOf. Absent: now.";

    private AsOf() {
    }

    static Instant parse(String text) {
        try {
            return text.length() == "2026-01-31".length()
                    ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException malformed) {
            // the rule, never the text: a problem does not echo what was sent
            throw new InvalidRequestException(PARAMETER, RULE);
        }
    }
}
