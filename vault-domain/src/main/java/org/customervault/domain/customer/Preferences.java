package org.customervault.domain.customer;

import java.util.Set;

/** How a customer wants to be contacted: a BCP 47 language tag and the channels they accept. */
public record Preferences(String language, Set<Channel> channels) {

    public Preferences {
        channels = channels == null ? Set.of() : Set.copyOf(channels);
    }
}
