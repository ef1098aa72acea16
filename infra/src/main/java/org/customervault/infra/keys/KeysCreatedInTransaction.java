package org.customervault.infra.keys;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.customervault.domain.crypto.DataKey;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The keys a store created in the current transaction, which vanish if it rolls back: handed to the
 * same transaction's later calls without another round trip, remembered by caches after the commit.
 * What the store holds for them (the local keyring version that wrapped them) is released when the
 * transaction ends, committed or not.
 */
final class KeysCreatedInTransaction implements TransactionSynchronization {

    private final Object owner;
    private final Map<String, DataKey> keys = new HashMap<>();
    private final Map<String, Runnable> onCommit = new LinkedHashMap<>();
    private final List<Runnable> onCompletion = new ArrayList<>();

    private KeysCreatedInTransaction(Object owner) {
        this.owner = owner;
    }

    /** Those of the current transaction, or null when it created none. */
    static KeysCreatedInTransaction of(Object owner) {
        return (KeysCreatedInTransaction) TransactionSynchronizationManager.getResource(owner);
    }

    static KeysCreatedInTransaction bindTo(Object owner) {
        KeysCreatedInTransaction created = of(owner);
        if (created == null) {
            created = new KeysCreatedInTransaction(owner);
            TransactionSynchronizationManager.bindResource(owner, created);
            TransactionSynchronizationManager.registerSynchronization(created);
        }
        return created;
    }

    DataKey get(String subjectId) {
        return keys.get(subjectId);
    }

    void add(String subjectId, DataKey key, Runnable whenCompleted) {
        keys.put(subjectId, key);
        onCompletion.add(whenCompleted);
    }

    /** Runs {@code remember} after the commit if {@code key} is the subject's key created here; else at once. */
    static void onceKept(Object owner, String subjectId, DataKey key, Runnable remember) {
        KeysCreatedInTransaction created = of(owner);
        if (created != null && created.keys.get(subjectId) == key) {
            created.onCommit.putIfAbsent(subjectId, remember);
        } else {
            remember.run();
        }
    }

    @Override
    public void afterCommit() {
        onCommit.values().forEach(Runnable::run);
    }

    @Override
    public void afterCompletion(int status) {
        onCompletion.forEach(Runnable::run);
        TransactionSynchronizationManager.unbindResourceIfPossible(owner);
    }
}
