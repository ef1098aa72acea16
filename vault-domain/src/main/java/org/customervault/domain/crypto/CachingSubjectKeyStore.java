package org.customervault.domain.crypto;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Keeps recently used data keys in memory, bounded in count and age, so that a subject's events
 * do not cost a key-store call each.
 *
 * <p>An erasure must not be undone by a read that was already loading the key: this cache remembers
 * the subjects erased through it for longer than any key may stay cached, and checks that list
 * again after every load, dropping a key that arrived after its subject's erasure.
 *
 * <p>A key the store created inside a transaction that has not committed yet is remembered for
 * writing only once it commits ({@link SubjectKeyStore#onceKept}): until then another command could
 * encrypt under a key that a rollback then takes away.
 *
 * <p>Failing closed must not wait for cached keys to expire: once the store is known not to answer
 * (a call failed, or a probe said so), every request goes to the store again, and so fails, until
 * the store answers one.
 *
 * <p>Nor may a node that cannot prove it has seen every erasure announced by the other nodes hand
 * out a key from memory: while its {@link CacheLease} has lapsed, every request goes to the store,
 * which knows of every erasure.
 */
public final class CachingSubjectKeyStore implements SubjectKeyStore {

    private record KeyName(String subjectId, String keyId, int version) {

        static KeyName of(String subjectId, DataKey key) {
            return new KeyName(subjectId, key.keyId(), key.version());
        }
    }

    private final SubjectKeyStore store;
    private final Cache<String, DataKey> writingKeys;
    private final Cache<KeyName, DataKey> readingKeys;
    private final Cache<String, Boolean> erased;
    private final CacheLease lease;
    private volatile boolean storeAnswering = true;

    public CachingSubjectKeyStore(SubjectKeyStore store, long maximumSize, Duration maximumAge, CacheLease lease) {
        this.store = store;
        this.lease = lease;
        this.writingKeys = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(maximumAge).recordStats().build();
        this.readingKeys = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(maximumAge).recordStats().build();
        this.erased = Caffeine.newBuilder().expireAfterWrite(maximumAge.multipliedBy(2)).build();
    }

    @Override
    public DataKey keyForWriting(String subjectId) {
        refuseIfErased(subjectId);
        DataKey key = cacheTrusted() ? writingKeys.getIfPresent(subjectId) : null;
        if (key == null) {
            DataKey fromStore = fromStore(() -> store.keyForWriting(subjectId));
            // The key just written with is also the one the same values are read with next (by the
            // read models). Named by its id, a key that may still roll back misleads no reader: only
            // its own transaction's events name it.
            readingKeys.put(KeyName.of(subjectId, fromStore), fromStore);
            store.onceKept(subjectId, fromStore, () -> rememberForWriting(subjectId, fromStore));
            key = fromStore;
        }
        if (isErased(subjectId)) {
            writingKeys.invalidate(subjectId);
            readingKeys.invalidate(KeyName.of(subjectId, key));
            throw new SubjectErasedException(subjectId);
        }
        return key;
    }

    /** Whether a key may still roll back is the store's to know; the cache only passes the question on. */
    @Override
    public void onceKept(String subjectId, DataKey key, Runnable remember) {
        store.onceKept(subjectId, key, remember);
    }

    @Override
    public DataKey keyForReading(String subjectId, String keyId, int version) {
        refuseIfErased(subjectId);
        KeyName name = new KeyName(subjectId, keyId, version);
        DataKey key = cacheTrusted()
                ? readingKeys.get(name, this::readingKeyFromStore)
                : remembered(readingKeys, name, readingKeyFromStore(name));
        if (isErased(subjectId)) {
            readingKeys.invalidate(name);
            throw new SubjectErasedException(subjectId);
        }
        return key;
    }

    @Override
    public ErasedKeys destroy(String subjectId) {
        ErasedKeys destroyed = fromStore(() -> store.destroy(subjectId));
        forget(subjectId);
        return destroyed;
    }

    @Override
    public List<String> erasedSubjects() {
        return fromStore(store::erasedSubjects);
    }

    /** Always the store's answer (never a cached one), with the erasures this node has heard of besides. */
    @Override
    public Set<String> erasedAmong(Collection<String> subjectIds) {
        Set<String> erasedNow = new HashSet<>(fromStore(() -> store.erasedAmong(subjectIds)));
        subjectIds.stream().filter(this::isErased).forEach(erasedNow::add);
        return erasedNow;
    }

    @Override
    public void certify(ErasedKeys erased, String certificateHash) {
        fromStore(() -> {
            store.certify(erased, certificateHash);
            return null;
        });
    }

    @Override
    public List<String> uncertifiedErasures() {
        return fromStore(store::uncertifiedErasures);
    }

    /**
     * Hits, misses, evictions and size of the two caches ({@code writing}, {@code reading}), for
     * metrics. The caches themselves, which hold key material, never leave this class.
     */
    public Map<String, CacheStatistics> statistics() {
        return Map.of("writing", CacheStatistics.of(writingKeys), "reading", CacheStatistics.of(readingKeys));
    }

    /** What a probe of the store found; while it does not answer, no cached key is handed out. */
    public void storeAnswered(boolean answered) {
        storeAnswering = answered;
    }

    private boolean cacheTrusted() {
        return storeAnswering && lease.held();
    }

    private void rememberForWriting(String subjectId, DataKey key) {
        if (!isErased(subjectId)) {
            writingKeys.put(subjectId, key);
        }
    }

    private DataKey readingKeyFromStore(KeyName name) {
        return fromStore(() -> store.keyForReading(name.subjectId(), name.keyId(), name.version()));
    }

    private <T> T fromStore(Supplier<T> call) {
        try {
            T answer = call.get();
            storeAnswering = true;
            return answer;
        } catch (KeyStoreUnavailableException e) {
            storeAnswering = false;
            throw e;
        }
    }

    private static <K> DataKey remembered(Cache<K, DataKey> cache, K name, DataKey key) {
        cache.put(name, key);
        return key;
    }

    /** Drops the subject's keys and refuses to hold them again: for an erasure made by another node. */
    public void forget(String subjectId) {
        erased.put(subjectId, Boolean.TRUE);
        writingKeys.invalidate(subjectId);
        readingKeys.asMap().keySet().removeIf(name -> name.subjectId().equals(subjectId));
    }

    private boolean isErased(String subjectId) {
        return erased.getIfPresent(subjectId) != null;
    }

    private void refuseIfErased(String subjectId) {
        if (isErased(subjectId)) {
            throw new SubjectErasedException(subjectId);
        }
    }
}
