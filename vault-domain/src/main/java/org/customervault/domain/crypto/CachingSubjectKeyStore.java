package org.customervault.domain.crypto;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Keeps recently used data keys in memory, bounded in count and age, so that a subject's events
 * do not cost a key-store call each.
 */
public final class CachingSubjectKeyStore implements SubjectKeyStore {

    private record KeyName(String subjectId, String keyId, int version) {
    }

    private final SubjectKeyStore store;
    private final Cache<String, DataKey> writingKeys;
    private final Cache<KeyName, DataKey> readingKeys;

    public CachingSubjectKeyStore(SubjectKeyStore store, long maximumSize, Duration maximumAge) {
        this.store = store;
        this.writingKeys = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(maximumAge).build();
        this.readingKeys = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(maximumAge).build();
    }

    @Override
    public DataKey keyForWriting(String subjectId) {
        return writingKeys.get(subjectId, store::keyForWriting);
    }

    @Override
    public DataKey keyForReading(String subjectId, String keyId, int version) {
        return readingKeys.get(new KeyName(subjectId, keyId, version),
                name -> store.keyForReading(name.subjectId(), name.keyId(), name.version()));
    }
}
