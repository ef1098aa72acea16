package org.customervault.api.console.compliance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.customervault.api.problem.InvalidRequestException;

/**
 * Moments as the console's forms send them and its pages show them: in the server's time zone (as the customer
 * screens show times), turned into the ISO instants and dates the REST API takes.
 */
public final class ConsoleTimes {

    /** The zone's short name follows the time (UTC, CET, ART): a time shown is never read in another zone. */
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private ConsoleTimes() {
    }

    /** A {@code datetime-local} input's text (minutes or seconds) as the instant the API takes; blank is none. */
    public static String instant(String field, String local) {
        if (local == null || local.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(local.strip()).atZone(ZoneId.systemDefault()).toInstant().toString();
        } catch (DateTimeParseException malformed) {
            // the rule, never the text typed
            throw new InvalidRequestException(field, "must be a date and time (yyyy-MM-ddTHH:mm)");
        }
    }

    /** A {@code date} input's text, checked, as the API takes it (the start of that day, UTC); blank is none. */
    static String date(String field, String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(date.strip()).toString();
        } catch (DateTimeParseException malformed) {
            throw new InvalidRequestException(field, "must be a date (yyyy-MM-dd)");
        }
    }

    /** An instant as the API writes it (or an Instant), shown in the server's time zone, named; anything else as it is. */
    public static String shown(Object iso) {
        if (iso == null) {
            return null;
        }
        try {
            return SHOWN.format(Instant.parse(iso.toString()).atZone(ZoneId.systemDefault()));
        } catch (DateTimeParseException notAnInstant) {
            return iso.toString();
        }
    }

    /** An instant as a {@code datetime-local} input's value, to show again the moment asked for. */
    static String input(Instant instant) {
        return INPUT.format(instant.atZone(ZoneId.systemDefault()));
    }
}
