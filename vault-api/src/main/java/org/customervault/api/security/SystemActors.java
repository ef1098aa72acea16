package org.customervault.api.security;

import java.util.Locale;

/**
 * The names the vault itself acts under, recorded where a user's name would be. No user may take
 * one: an erasure the vault applies again after a restore is told apart by its requester, and a
 * user of that name could pass a legal hold with it.
 */
public final class SystemActors {

    /** Who applies an erasure again that a restored database forgot (the key store's fence remembers it). */
    public static final String KEY_STORE_FENCE = "key-store-fence";

    private SystemActors() {
    }

    public static boolean isReserved(String userName) {
        return userName != null && userName.trim().toLowerCase(Locale.ROOT).equals(KEY_STORE_FENCE);
    }
}
