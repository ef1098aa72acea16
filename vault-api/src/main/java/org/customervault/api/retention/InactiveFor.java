package org.customervault.api.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.springframework.boot.convert.DurationStyle;

/**
 * How long a customer must have been inactive for a policy to erase them, or how long a closed request keeps
 * its requester's contact ({@code vault.requests.requester-kept-for}): a calendar period ({@code P5Y},
 * {@code P18M}, {@code P2W}), counted back in UTC so that five years are five calendar years, or a duration
 * ({@code PT10S}, {@code P3DT12H}, {@code 10s}, {@code 30d}).
 */
public record InactiveFor(String text, Period period, Duration duration) {

    public static InactiveFor parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is required");
        }
        String trimmed = text.strip();
        InactiveFor parsed;
        try {
            parsed = new InactiveFor(trimmed, Period.parse(trimmed), Duration.ZERO);
        } catch (DateTimeParseException notAPeriod) {
            try {
                parsed = new InactiveFor(trimmed, Period.ZERO, DurationStyle.detectAndParse(trimmed));
            } catch (IllegalArgumentException notADuration) {
                throw new IllegalArgumentException("must be an ISO-8601 period (P5Y) or duration (PT10S)");
            }
        }
        if (parsed.period().isNegative() || parsed.duration().isNegative()
                || parsed.period().isZero() && parsed.duration().isZero()) {
            throw new IllegalArgumentException("must be longer than zero");
        }
        return parsed;
    }

    /** The moment a customer's last activity (or a request's closing) must precede, seen at {@code now}. */
    public Instant before(Instant now) {
        return now.atOffset(ZoneOffset.UTC).minus(period).minus(duration).toInstant();
    }

    @Override
    public String toString() {
        return text;
    }
}
