package org.customervault.api.listing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.customervault.api.problem.InvalidRequestException;

/**
 * An opaque position in a list, given out with a page for the next one. It names the list (and
 * its order) it belongs to, so that it is refused elsewhere, and holds ids, instants and counts
 * only: never a personal value, as it travels in URLs.
 */
public final class Cursor {

    private static final int MAX_LENGTH = 300;
    private static final String VERSION = "1";
    private static final String SEPARATOR = "|";

    private final List<String> parts;

    private Cursor(List<String> parts) {
        this.parts = parts;
    }

    /** The cursor of a position in {@code list}, made of these parts. */
    public static String of(String list, Object... parts) {
        StringBuilder text = new StringBuilder(VERSION).append(SEPARATOR).append(list);
        for (Object part : parts) {
            text.append(SEPARATOR).append(part);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Cursor parse(String cursor, String list) {
        try {
            if (cursor.length() > MAX_LENGTH) {
                throw refused();
            }
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            List<String> parts = List.of(text.split("\\" + SEPARATOR, -1));
            if (parts.size() < 2 || !parts.get(0).equals(VERSION) || !parts.get(1).equals(list)) {
                throw refused();
            }
            return new Cursor(parts.subList(2, parts.size()));
        } catch (IllegalArgumentException e) {
            throw refused();
        }
    }

    public Instant instant(int part) {
        try {
            return Instant.parse(part(part));
        } catch (DateTimeParseException e) {
            throw refused();
        }
    }

    public UUID uuid(int part) {
        try {
            return UUID.fromString(part(part));
        } catch (IllegalArgumentException e) {
            throw refused();
        }
    }

    public long number(int part) {
        try {
            long number = Long.parseLong(part(part));
            if (number < 0) {
                throw refused();
            }
            return number;
        } catch (NumberFormatException e) {
            throw refused();
        }
    }

    private String part(int part) {
        if (part >= parts.size()) {
            throw refused();
        }
        return parts.get(part);
    }

    private static InvalidRequestException refused() {
        return new InvalidRequestException("cursor", "is not one this list gave out, or belongs to another order");
    }
}
