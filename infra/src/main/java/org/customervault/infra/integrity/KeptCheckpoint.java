package org.customervault.infra.integrity;

import java.util.Optional;

/**
 * The newest checkpoint, kept outside PostgreSQL with the signing key (a file beside it, or
 * Vault/OpenBao). Whoever can rewrite the database can delete the end of every chain together with
 * the checkpoints that name it; this copy still names that end.
 */
public interface KeptCheckpoint {

    /** The newest checkpoint's JWS as it was kept, if one was. */
    Optional<String> newest();

    /** Replaces the kept checkpoint with a newer one; returns once it is durable. */
    void keep(String jws);
}
