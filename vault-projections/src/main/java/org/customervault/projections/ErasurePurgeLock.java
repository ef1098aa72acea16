package org.customervault.projections;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;

/**
 * Keeps an erasure's purge of the read models and a bulk rebuild's write of them apart, so that no
 * erased customer's rows outlive the erasure. A rebuild's write holds this lock shared, from before
 * it asks the key store which of its customers are erased until it commits; an erasure's purge holds
 * it exclusively, after the customer's key is destroyed, until it commits. Either the write began
 * first, and the purge waits for it and deletes what it committed, or the purge came first, and the
 * write, asking after it, finds the customer erased. Without it, under READ COMMITTED, a purge
 * running while a write is still uncommitted does not see the write's rows, which then commit after
 * the purge.
 *
 * <p>Transaction-scoped: taken in the caller's transaction, released when it ends. Outside one it
 * would be released at once, so both callers run in a transaction of their own.
 */
public final class ErasurePurgeLock {

    /** "rmpurge" in ASCII: unlikely to be anyone else's lock. */
    static final long LOCK = 0x00726d7075726765L;

    private static final String SHARED = "SELECT pg_advisory_xact_lock_shared(?)";
    private static final String EXCLUSIVE = "SELECT pg_advisory_xact_lock(?)";

    private ErasurePurgeLock() {
    }

    /** For a bulk rebuild's write: waits for a purge under way, and keeps purges waiting until the transaction ends. */
    public static void holdForWriting(JdbcTemplate jdbc) {
        jdbc.query(SHARED, (ResultSetExtractor<Void>) rows -> null, LOCK);
    }

    /** For an erasure's purge: waits for every write under way, and keeps new ones waiting until the transaction ends. */
    public static void holdForPurging(JdbcTemplate jdbc) {
        jdbc.query(EXCLUSIVE, (ResultSetExtractor<Void>) rows -> null, LOCK);
    }
}
