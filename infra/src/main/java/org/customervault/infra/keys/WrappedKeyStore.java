package org.customervault.infra.keys;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.ErasedKeys;
import org.customervault.domain.crypto.SubjectKeyStore;

/**
 * A key store whose data keys are rows of a {@link WrappedKeyTable}: each call goes to the table, with
 * the wrapping the store holds for it. The local store and the Transit store differ in that alone.
 */
abstract class WrappedKeyStore implements SubjectKeyStore {

    final WrappedKeyTable table;

    WrappedKeyStore(WrappedKeyTable table) {
        this.table = table;
    }

    /** The wrapping a call uses, held until {@link WrappedKeyTable.WrappingInUse#release} runs. */
    abstract WrappedKeyTable.WrappingInUse wrappingInUse();

    @Override
    public final DataKey keyForWriting(String subjectId) {
        return table.keyForWriting(subjectId, this::wrappingInUse);
    }

    @Override
    public final void onceKept(String subjectId, DataKey key, Runnable remember) {
        table.onceKept(subjectId, key, remember);
    }

    @Override
    public final DataKey keyForReading(String subjectId, String keyId, int version) {
        return table.keyForReading(subjectId, keyId, version, this::wrappingInUse);
    }

    @Override
    public final ErasedKeys destroy(String subjectId) {
        return table.destroy(subjectId);
    }

    @Override
    public final List<String> erasedSubjects() {
        return table.erasedSubjects();
    }

    @Override
    public final Set<String> erasedAmong(Collection<String> subjectIds) {
        return table.erasedAmong(subjectIds);
    }

    /** Keeps the erasure in the fence outside the database (file or OpenBao) before the erasure is reported done. */
    @Override
    public final void certify(ErasedKeys erased, String certificateHash) {
        table.certify(erased, certificateHash);
    }

    @Override
    public final List<String> uncertifiedErasures() {
        return table.uncertifiedErasures();
    }
}
