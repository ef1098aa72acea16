package org.customervault.domain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingSubjectKeyStoreTest {

    private final OutageStore store = new OutageStore();
    private final CachingSubjectKeyStore cache = new CachingSubjectKeyStore(store, 100, Duration.ofMinutes(10),
            CacheLease.permanent());

    @Test
    void asksTheStoreForEveryKeyWhileItsLeaseHasLapsed() {
        CacheLease lease = new CacheLease();
        CachingSubjectKeyStore unproven = new CachingSubjectKeyStore(store, 100, Duration.ofMinutes(10), lease);
        DataKey key = unproven.keyForWriting("subject");
        int calls = store.calls.get();

        unproven.keyForWriting("subject");
        unproven.keyForReading("subject", key.keyId(), key.version());
        assertThat(store.calls).as("no cached key while the node cannot prove it is current").hasValue(calls + 2);

        lease.renew(System.nanoTime(), Duration.ofMinutes(1));
        unproven.keyForReading("subject", key.keyId(), key.version());
        assertThat(store.calls).as("cached again once the lease is renewed").hasValue(calls + 2);
    }

    @Test
    void answersWhoIsErasedFromTheStoreThoughItsKeyIsStillCached() {
        cache.keyForWriting("erased-elsewhere");
        cache.keyForWriting("alive");
        store.keys.destroy("erased-elsewhere");
        cache.forget("announced");

        assertThat(cache.erasedAmong(List.of("erased-elsewhere", "alive", "announced")))
                .as("the store's fences, and the erasures announced to this node")
                .containsExactlyInAnyOrder("erased-elsewhere", "announced");
    }

    @Test
    void cannotSayWhoIsErasedWhileTheStoreIsDown() {
        store.down = true;

        assertThatThrownBy(() -> cache.erasedAmong(List.of("subject"))).isInstanceOf(KeyStoreUnavailableException.class);
    }

    @Test
    void servesCachedKeysWithoutAskingTheStore() {
        DataKey key = cache.keyForWriting("subject");
        cache.keyForReading("subject", key.keyId(), key.version());
        int calls = store.calls.get();

        assertThat(cache.keyForWriting("subject")).isEqualTo(key);
        assertThat(cache.keyForReading("subject", key.keyId(), key.version())).isEqualTo(key);
        assertThat(store.calls).hasValue(calls);
    }

    @Test
    void canReadWithTheKeyItWroteWithWithoutAskingTheStore() {
        DataKey key = cache.keyForWriting("subject");
        int calls = store.calls.get();

        assertThat(cache.keyForReading("subject", key.keyId(), key.version())).isEqualTo(key);
        assertThat(store.calls).hasValue(calls);
    }

    @Test
    void cannotReadWithTheKeyItWroteWithOnceTheSubjectIsErased() {
        DataKey key = cache.keyForWriting("subject");
        cache.forget("subject");

        assertThatThrownBy(() -> cache.keyForReading("subject", key.keyId(), key.version()))
                .isInstanceOf(SubjectErasedException.class);
    }

    @Test
    void cannotServeCachedKeysOnceTheStoreFailedUntilItAnswersAgain() {
        DataKey key = cache.keyForWriting("subject");
        cache.keyForReading("subject", key.keyId(), key.version());
        store.down = true;

        assertThatThrownBy(() -> cache.keyForWriting("someone else")).isInstanceOf(KeyStoreUnavailableException.class);
        assertThatThrownBy(() -> cache.keyForReading("subject", key.keyId(), key.version()))
                .isInstanceOf(KeyStoreUnavailableException.class);
        assertThatThrownBy(() -> cache.keyForWriting("subject")).isInstanceOf(KeyStoreUnavailableException.class);

        store.down = false;
        assertThat(cache.keyForReading("subject", key.keyId(), key.version())).isEqualTo(key);
        int calls = store.calls.get();
        assertThat(cache.keyForWriting("subject")).isEqualTo(key);
        assertThat(store.calls).as("trusted again once the store answered").hasValue(calls);
    }

    @Test
    void cannotServeCachedKeysWhileAProbeSaysTheStoreIsDown() {
        DataKey key = cache.keyForWriting("subject");
        store.down = true;
        cache.storeAnswered(false);

        assertThatThrownBy(() -> cache.keyForWriting("subject")).isInstanceOf(KeyStoreUnavailableException.class);

        store.down = false;
        cache.storeAnswered(true);
        assertThat(cache.keyForWriting("subject")).isEqualTo(key);
    }

    @Test
    void cannotServeAnErasedSubjectsKeyFromTheCache() {
        DataKey key = cache.keyForWriting("subject");
        cache.destroy("subject");

        assertThatThrownBy(() -> cache.keyForReading("subject", key.keyId(), key.version()))
                .isInstanceOf(SubjectErasedException.class);
        assertThatThrownBy(() -> cache.keyForWriting("subject")).isInstanceOf(SubjectErasedException.class);
    }

    @Test
    void cannotRememberAKeyBeforeTheStoreKeepsIt() {
        store.keepingAfterCommit = true;
        DataKey key = cache.keyForWriting("subject");

        int calls = store.calls.get();
        assertThat(cache.keyForReading("subject", key.keyId(), key.version())).isEqualTo(key);
        assertThat(store.calls).as("read by its id at once: only its own transaction's events name it").hasValue(calls);
        assertThat(cache.keyForWriting("subject")).isEqualTo(key);
        assertThat(store.calls).as("not remembered for writing while its transaction may roll back").hasValue(calls + 1);

        store.commit();
        calls = store.calls.get();
        assertThat(cache.keyForWriting("subject")).isEqualTo(key);
        assertThat(store.calls).as("remembered for writing once committed").hasValue(calls);
    }

    @Test
    void cannotReportAKeyKeptBeforeItsStoreDoes() {
        store.keepingAfterCommit = true;
        DataKey key = cache.keyForWriting("subject");
        AtomicBoolean kept = new AtomicBoolean();

        cache.onceKept("subject", key, () -> kept.set(true));
        assertThat(kept).as("the store has not kept it yet").isFalse();

        store.commit();
        assertThat(kept).isTrue();
    }

    @Test
    void cannotRememberAKeyKeptAfterItsSubjectWasErased() {
        store.keepingAfterCommit = true;
        DataKey key = cache.keyForWriting("subject");
        cache.forget("subject");

        store.commit();

        assertThat(cache.statistics().get("writing").size()).isZero();
        assertThatThrownBy(() -> cache.keyForReading("subject", key.keyId(), key.version()))
                .isInstanceOf(SubjectErasedException.class);
    }

    /**
     * Keys in memory behind a switch that makes every call fail as an unreachable server would, and
     * another that keeps new keys only once a transaction commits.
     */
    private static final class OutageStore implements SubjectKeyStore {

        private final InMemorySubjectKeyStore keys = new InMemorySubjectKeyStore();
        private final AtomicInteger calls = new AtomicInteger();
        private final List<Runnable> awaitingCommit = new ArrayList<>();
        private volatile boolean down;
        private boolean keepingAfterCommit;

        @Override
        public void onceKept(String subjectId, DataKey key, Runnable remember) {
            if (keepingAfterCommit) {
                awaitingCommit.add(remember);
            } else {
                remember.run();
            }
        }

        void commit() {
            awaitingCommit.forEach(Runnable::run);
            awaitingCommit.clear();
        }

        @Override
        public DataKey keyForWriting(String subjectId) {
            answering();
            return keys.keyForWriting(subjectId);
        }

        @Override
        public DataKey keyForReading(String subjectId, String keyId, int version) {
            answering();
            return keys.keyForReading(subjectId, keyId, version);
        }

        @Override
        public ErasedKeys destroy(String subjectId) {
            answering();
            return keys.destroy(subjectId);
        }

        @Override
        public List<String> erasedSubjects() {
            answering();
            return keys.erasedSubjects();
        }

        @Override
        public void certify(ErasedKeys erased, String certificateHash) {
            answering();
            keys.certify(erased, certificateHash);
        }

        @Override
        public List<String> uncertifiedErasures() {
            answering();
            return keys.uncertifiedErasures();
        }

        private void answering() {
            calls.incrementAndGet();
            if (down) {
                throw new KeyStoreUnavailableException("the key store cannot be reached", null);
            }
        }
    }
}
