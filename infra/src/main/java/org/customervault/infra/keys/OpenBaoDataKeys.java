package org.customervault.infra.keys;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where an OpenBao deployment keeps its customers' data keys ({@code vault.keys.vault.data-keys},
 * {@code VAULT_DATA_KEYS}). A deployment keeps the mode it started with: it is recorded in OpenBao
 * ({@link OpenBaoKeyStore#requireDataKeys}), and there is no migration between the two yet.
 */
public enum OpenBaoDataKeys {

    /** One KV secret per customer, written before the registration's transaction (deployments from before Transit). */
    KV("kv"),

    /** Wrapped by one Transit key, stored in PostgreSQL with the registration: the default for new deployments. */
    TRANSIT("transit");

    /** The name of the Transit key that wraps the data keys in mode {@link #TRANSIT}. */
    public static final String TRANSIT_KEY = "data-keys";

    private final String value;

    OpenBaoDataKeys(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** {@code kv} or {@code transit}, in any case. */
    public static OpenBaoDataKeys of(String value) {
        String given = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(mode -> mode.value.equals(given)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("vault.keys.vault.data-keys (VAULT_DATA_KEYS) is '" + value
                        + "'; it must be kv or transit"));
    }

    @Override
    public String toString() {
        return value;
    }
}
