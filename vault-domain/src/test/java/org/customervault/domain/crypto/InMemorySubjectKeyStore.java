package org.customervault.domain.crypto;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Keys in a map, for unit tests of the crypto core; the real stores are tested in infra. */
final class InMemorySubjectKeyStore implements SubjectKeyStore {

    private final Map<String, DataKey> keys = new ConcurrentHashMap<>();
    private final Set<String> erased = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();

    @Override
    public DataKey keyForWriting(String subjectId) {
        return keys.computeIfAbsent(subjectId, id -> {
            byte[] material = new byte[DataKey.KEY_BYTES];
            random.nextBytes(material);
            return new DataKey(UUID.randomUUID().toString(), 1, material);
        });
    }

    @Override
    public ErasedKeys destroy(String subjectId) {
        erased.add(subjectId);
        DataKey removed = keys.remove(subjectId);
        return new ErasedKeys(subjectId, removed == null ? List.of() : List.of(removed.keyId()), Instant.now());
    }

    @Override
    public List<String> erasedSubjects() {
        return List.copyOf(erased);
    }

    @Override
    public void certify(ErasedKeys erased, String certificateHash) {
    }

    @Override
    public List<String> uncertifiedErasures() {
        return List.of();
    }

    @Override
    public DataKey keyForReading(String subjectId, String keyId, int version) {
        if (erased.contains(subjectId)) {
            throw new SubjectErasedException(subjectId);
        }
        DataKey key = keys.get(subjectId);
        if (key == null || !key.names(keyId, version)) {
            throw new MissingKeyException(subjectId, keyId, version);
        }
        return key;
    }
}
