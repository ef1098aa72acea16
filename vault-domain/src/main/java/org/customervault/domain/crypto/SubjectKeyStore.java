package org.customervault.domain.crypto;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The port to wherever data keys live: one key per data subject.
 *
 * <p>Implementations throw {@link KeyStoreUnavailableException} when they cannot answer, so that
 * callers fail closed instead of storing or showing anything.
 */
public interface SubjectKeyStore {

    /**
     * The key new values of this subject are encrypted with; created on the first call, so a
     * subject's key exists before its first event is stored.
     *
     * @throws SubjectErasedException when the subject was erased: no key is created for them again
     */
    DataKey keyForWriting(String subjectId);

    /**
     * Runs {@code remember} once the key that {@link #keyForWriting} just handed out is sure to stay:
     * at once, unless the store created it inside the caller's transaction, which may still roll back
     * and take the key with it; then when that transaction commits, and never if it rolls back. A
     * cache remembers a key for writing only through this, so it never hands another caller a key that
     * may vanish (their events, committed under it, could then never be read).
     */
    default void onceKept(String subjectId, DataKey key, Runnable remember) {
        remember.run();
    }

    /**
     * The key that encrypted a value of this subject, named by the id and version the ciphertext
     * carries.
     *
     * @throws SubjectErasedException when the subject was erased and the key destroyed
     * @throws MissingKeyException when the store holds no such key and never destroyed it
     */
    DataKey keyForReading(String subjectId, String keyId, int version);

    /**
     * Destroys every key of the subject and sets the erasure fence, at once. Calling it again
     * destroys nothing more and answers as the first call did.
     */
    ErasedKeys destroy(String subjectId);

    /**
     * Every subject whose keys were destroyed, as the store's fences say. The store outlives a
     * restore of the database, so this is how a restored database learns of later erasures.
     */
    List<String> erasedSubjects();

    /**
     * Those of {@code subjectIds} whose keys were destroyed, as the store's fences say now: what a
     * writer of derived data (a bulk rebuild of the read models) asks before it commits rows of these
     * subjects. By default one list of every fence, whatever the number of subjects asked about (the
     * OpenBao store: one round trip, not one per subject); a store that can ask about just these
     * subjects overrides it.
     *
     * @throws KeyStoreUnavailableException when the store cannot answer; the caller then writes nothing
     */
    default Set<String> erasedAmong(Collection<String> subjectIds) {
        Set<String> erased = new HashSet<>(erasedSubjects());
        erased.retainAll(new HashSet<>(subjectIds));
        return erased;
    }

    /**
     * Keeps the subject's erasure, with the hash of its certificate, wherever this store outlives a
     * restore of the database, durably before returning: called after {@link #destroy} and before
     * the erasure is reported done. Calling it again for the same subject changes nothing.
     *
     * @throws KeyStoreUnavailableException when it cannot be kept; the erasure is then not done
     */
    void certify(ErasedKeys erased, String certificateHash);

    /**
     * Subjects whose keys this store destroyed without {@link #certify} having kept their erasure:
     * erased before the store kept certificates, or by an erasure interrupted in between.
     */
    List<String> uncertifiedErasures();
}
