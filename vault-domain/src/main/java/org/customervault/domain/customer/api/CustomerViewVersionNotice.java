package org.customervault.domain.customer.api;

import java.util.Optional;
import org.customervault.domain.customer.CustomerId;

/**
 * Tells every vault node that a customer's 360 view has committed a version, so that a write waiting
 * to answer with what it wrote stops waiting at once, whichever node projected it. Sent on the
 * PostgreSQL channel {@link #CHANNEL} as {@code <customer id>:<version>}: an id and a number, never
 * personal data. A notice is a hint, not a record: one may be lost (a listener that was not
 * connected), so a waiter still reads the view's version now and then.
 */
public record CustomerViewVersionNotice(CustomerId customerId, long version) {

    public static final String CHANNEL = "customer_view_version";

    /** The notice a payload carries; empty for any other text (a notice is never trusted to be well formed). */
    public static Optional<CustomerViewVersionNotice> parse(String payload) {
        int colon = payload == null ? -1 : payload.lastIndexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CustomerViewVersionNotice(CustomerId.of(payload.substring(0, colon)),
                    Long.parseLong(payload.substring(colon + 1))));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    public String payload() {
        return customerId.value() + ":" + version;
    }
}
