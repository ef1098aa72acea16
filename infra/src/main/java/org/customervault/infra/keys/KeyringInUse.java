package org.customervault.infra.keys;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The local key store's keyring, and which of its versions the store's calls are still using.
 * A call holds the version it began with until it is done: a read until it has unwrapped what it
 * read, a new data key until the transaction that inserted it commits or rolls back (until then no
 * other query can see the row, nor the master key it names). A rotation puts a version with a new
 * master key in use and waits until no call holds an older version before it re-wraps the rows and
 * retires master keys: after that wait no row can appear under an old master key, and no call can
 * meet a row wrapped by a master key its version lacks.
 *
 * <p>Versions are counted in this JVM only, which is why the local store rotates on one node.
 */
final class KeyringInUse {

    /** A version of the keyring, held by a call until {@link #release}. */
    record Held(MasterKeyring keyring, long version) {
    }

    private final Map<Long, Integer> holders = new HashMap<>();
    private MasterKeyring keyring;
    private long version;

    KeyringInUse(MasterKeyring keyring) {
        this.keyring = keyring;
    }

    /** The keyring in use now, for a read that needs no version held (the blind-index keys). */
    synchronized MasterKeyring current() {
        return keyring;
    }

    synchronized Held hold() {
        holders.merge(version, 1, Integer::sum);
        return new Held(keyring, version);
    }

    synchronized void release(Held held) {
        holders.computeIfPresent(held.version(), (version, count) -> count == 1 ? null : count - 1);
        notifyAll();
    }

    /** Replaces the keyring (the change writes its file) and returns the new version. */
    synchronized Held replace(UnaryOperator<MasterKeyring> change) {
        keyring = change.apply(keyring);
        return new Held(keyring, ++version);
    }

    /**
     * Waits until no call holds a version older than {@code version}.
     *
     * @return false if some still did after {@code patience}
     */
    synchronized boolean awaitNoneOlderThan(Held version, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (holders.keySet().stream().anyMatch(held -> held < version.version())) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
