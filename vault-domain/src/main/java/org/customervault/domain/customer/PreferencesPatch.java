package org.customervault.domain.customer;

import java.util.Set;

/**
 * A merge patch of contact preferences: each member is left alone ({@code null}), removed
 * ({@link FieldUpdate#clear()}) or set, against the preferences the aggregate holds.
 */
public record PreferencesPatch(FieldUpdate<String> language, FieldUpdate<Set<Channel>> channels) {

    /** The preferences after the patch; a patch of no preferences starts from empty ones (RFC 7386). */
    public Preferences applyTo(Preferences current) {
        Preferences base = current == null ? new Preferences(null, null) : current;
        return new Preferences(FieldUpdate.applied(language, base.language()),
                FieldUpdate.applied(channels, base.channels()));
    }
}
