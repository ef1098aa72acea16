package org.customervault.domain.crypto;

import javax.crypto.SecretKey;

/** The port to the deployment's blind-index key: one key for all customers, never in the database. */
public interface IndexKeyStore {

    SecretKey blindIndexKey();
}
