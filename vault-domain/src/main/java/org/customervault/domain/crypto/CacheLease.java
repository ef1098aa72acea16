package org.customervault.domain.crypto;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long this node may trust what it keeps in memory about customers (their keys, their
 * aggregates). Each proof that the node has seen every erasure announced so far renews the lease;
 * when the proofs stop (its database connection is cut, its heartbeat stalls), the lease lapses and
 * the caches are passed by, so a node that may have missed an erasure decrypts nothing from memory.
 * The other nodes count on that lapse: an erasure waits for a node's acknowledgement, or for as long
 * as its lease can last.
 */
public final class CacheLease {

    /** In {@link System#nanoTime()}; a new lease has lapsed already. */
    private final AtomicLong heldUntil = new AtomicLong(System.nanoTime());

    /** A lease that never lapses: for a process that is alone with its keys, such as a benchmark. */
    public static CacheLease permanent() {
        CacheLease lease = new CacheLease();
        lease.renew(System.nanoTime(), Duration.ofDays(36_500));
        return lease;
    }

    /**
     * Renews the lease for {@code length} from {@code provenAt} ({@link System#nanoTime()} taken
     * before the proof began), never shortening it.
     */
    public void renew(long provenAt, Duration length) {
        heldUntil.accumulateAndGet(provenAt + length.toNanos(), (held, renewed) -> renewed - held > 0 ? renewed : held);
    }

    public boolean held() {
        return System.nanoTime() - heldUntil.get() < 0;
    }
}
