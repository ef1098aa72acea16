package org.customervault.domain.customer.api;

import java.util.Set;

/** The purposes a customer objects to, or withdrew or refused consent for. */
public record RefusedPurposes(Set<String> purposes) {

    public RefusedPurposes {
        purposes = Set.copyOf(purposes);
    }
}
