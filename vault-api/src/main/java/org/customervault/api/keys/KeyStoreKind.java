package org.customervault.api.keys;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kind of key store, {@code vault.keys.store} ({@code VAULT_KEYS_STORE}). A value that names
 * neither stops the vault at start, in words, instead of binding and failing later as a missing bean.
 */
public enum KeyStoreKind {

    /** Data keys wrapped by a master key kept in a file, in a database table: the embedded default. */
    LOCAL("local"),

    /** Data keys in an OpenBao (or HashiCorp Vault) server. */
    OPENBAO("openbao");

    /** The property that chooses the kind. */
    public static final String PROPERTY = "vault.keys.store";

    /** The value that chose OpenBao before it had a name of its own; existing deployments keep working with it. */
    public static final String OPENBAO_ALIAS = "vault";

    private final String value;

    KeyStoreKind(String value) {
        this.value = value;
    }

    /** The value as written in the configuration. */
    public String value() {
        return value;
    }

    /** {@code local}, {@code openbao} or its alias {@code vault}, in any case; nothing else. */
    public static KeyStoreKind of(String value) {
        String given = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (given.equals(OPENBAO_ALIAS)) {
            return OPENBAO;
        }
        return Arrays.stream(values()).filter(kind -> kind.value.equals(given)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(PROPERTY + " (VAULT_KEYS_STORE) is '" + value
                        + "'; it must be " + Arrays.stream(values()).map(KeyStoreKind::value)
                        .collect(Collectors.joining(" or ")) + " (" + OPENBAO_ALIAS + " is read as "
                        + OPENBAO.value + ")"));
    }

    @Override
    public String toString() {
        return value;
    }
}
