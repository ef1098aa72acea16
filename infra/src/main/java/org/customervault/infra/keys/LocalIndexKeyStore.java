package org.customervault.infra.keys;

import javax.crypto.SecretKey;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.IndexKeyStore;

/**
 * The embedded default's blind-index key, derived from the master key file, so it lives where the
 * master key lives and never in the database. Replacing the master key changes it: rebuild the
 * read models after a master key change.
 */
public final class LocalIndexKeyStore implements IndexKeyStore {

    private static final String PURPOSE = "customer-vault/blind-index/v1";

    private final SecretKey key;

    public LocalIndexKeyStore(DataKey masterKey) {
        this.key = masterKey.derive(PURPOSE);
    }

    @Override
    public SecretKey blindIndexKey() {
        return key;
    }
}
