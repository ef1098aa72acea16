package org.customervault.api.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.customervault.domain.crypto.DataKey;
import org.customervault.domain.crypto.ErasedKeys;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.customervault.domain.crypto.MissingKeyException;
import org.customervault.domain.crypto.SubjectErasedException;
import org.customervault.domain.crypto.SubjectKeyStore;

/**
 * Times every call that reaches the key store (behind the cache): {@code vault.keystore.calls},
 * tagged with the operation and its outcome, never with a customer.
 */
public final class TimedSubjectKeyStore implements SubjectKeyStore {

    private final SubjectKeyStore store;
    private final MeterRegistry registry;

    public TimedSubjectKeyStore(SubjectKeyStore store, MeterRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    @Override
    public DataKey keyForWriting(String subjectId) {
        return timed("key-for-writing", () -> store.keyForWriting(subjectId));
    }

    @Override
    public void onceKept(String subjectId, DataKey key, Runnable remember) {
        store.onceKept(subjectId, key, remember);
    }

    @Override
    public DataKey keyForReading(String subjectId, String keyId, int version) {
        return timed("key-for-reading", () -> store.keyForReading(subjectId, keyId, version));
    }

    @Override
    public ErasedKeys destroy(String subjectId) {
        return timed("destroy", () -> store.destroy(subjectId));
    }

    @Override
    public List<String> erasedSubjects() {
        return timed("erased-subjects", store::erasedSubjects);
    }

    @Override
    public Set<String> erasedAmong(Collection<String> subjectIds) {
        return timed("erased-among", () -> store.erasedAmong(subjectIds));
    }

    @Override
    public void certify(ErasedKeys erased, String certificateHash) {
        timed("certify", () -> {
            store.certify(erased, certificateHash);
            return null;
        });
    }

    @Override
    public List<String> uncertifiedErasures() {
        return timed("uncertified-erasures", store::uncertifiedErasures);
    }

    private <T> T timed(String operation, Supplier<T> call) {
        long started = System.nanoTime();
        String outcome = "failure";
        try {
            T answer = call.get();
            outcome = "success";
            return answer;
        } catch (SubjectErasedException e) {
            outcome = "erased";
            throw e;
        } catch (MissingKeyException e) {
            outcome = "missing";
            throw e;
        } catch (KeyStoreUnavailableException e) {
            outcome = "unavailable";
            throw e;
        } finally {
            Timer.builder("vault.keystore.calls").description("Calls to the key store that the key cache could not answer")
                    .tag("operation", operation).tag("outcome", outcome).register(registry)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }
}
