package org.customervault.infra.keys;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.SubjectKeyStore;

/** Many threads asking a key store for a new subject's key at once, as several nodes would. */
final class ConcurrentFirstWrites {

    private ConcurrentFirstWrites() {
    }

    /** The distinct keys the racers were given; one store that agrees gives exactly one. */
    static Set<DataKey> keysHandedOut(SubjectKeyStore keys, String subject) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<DataKey>> calls = Collections.nCopies(16, () -> keys.keyForWriting(subject));
            Set<DataKey> seen = new HashSet<>();
            for (Future<DataKey> result : pool.invokeAll(calls)) {
                seen.add(result.get());
            }
            return seen;
        } finally {
            pool.shutdownNow();
        }
    }
}
