package org.customervault.domain.customer.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * What an erasure measured of one vault node's memory: the node dropped the customer's keys and
 * cached customer and acknowledged it ({@link Outcome#EVICTED}, at the acknowledgement), or it did
 * not acknowledge and its cache lease has lapsed, so it decrypts nothing from memory until it has
 * read the erasure ({@link Outcome#FENCED}, at the latest moment its lease could have lasted).
 */
public record NodeEviction(String node, Outcome keyCache, Instant at) {

    public enum Outcome {
        EVICTED, FENCED;

        /** As the certificate writes it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** To the microsecond, as PostgreSQL keeps times: the certificate signed is the one read back. */
    public NodeEviction {
        at = at.truncatedTo(ChronoUnit.MICROS);
    }
}
