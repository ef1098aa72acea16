package org.customervault.api.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.Seeder;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerView;
import org.customervault.domain.customer.api.FetchCustomerViewQuery;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers race erasures: while a customer is being erased, other threads keep reading their 360
 * view and decrypting their stored ciphertext. A read that began after the erasure returned must
 * never yield personal data, however the key cache and the read model were caught mid-way.
 */
class ErasureRaceTest {

    private static final int RACES = 1_000;
    private static final int READERS_PER_RACE = 2;
    private static final int CONCURRENT_RACES = 3;

    @TempDir
    Path dataDir;

    @Test
    void noReadAfterAnErasureReturnedSeesPersonalData() throws Exception {
        try (RunningVault vault = RunningVault.start(dataDir)) {
            List<CustomerId> customers = Seeder.register(vault, RACES, (id, n) -> new RegisterCustomerCommand(id,
                    "Racer " + n, "racer" + n + "@example.com", null, null, null, null, null));
            ErasureProcess erasure = vault.bean(ErasureProcess.class);
            QueryGateway queries = vault.bean(QueryGateway.class);
            SubjectCipher cipher = vault.bean(SubjectCipher.class);
            AtomicLong readsBefore = new AtomicLong();
            AtomicLong readsAfter = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_RACES);
            ExecutorService readerPool = Executors.newFixedThreadPool(CONCURRENT_RACES * READERS_PER_RACE);
            try {
                List<Future<?>> races = new ArrayList<>();
                for (CustomerId customer : customers) {
                    String envelope = vault.jdbc().queryForObject(
                            "SELECT email FROM customer_view WHERE customer_id = ?::uuid", String.class, customer.value());
                    races.add(pool.submit(() -> race(customer, envelope, erasure, queries, cipher, readerPool,
                            readsBefore, readsAfter)));
                }
                for (Future<?> race : races) {
                    race.get();
                }
            } finally {
                pool.shutdownNow();
                readerPool.shutdownNow();
            }
            assertThat(readsBefore.get()).as("readers did overlap the erasures").isPositive();
            assertThat(readsAfter.get()).as("reads of personal data after an erasure returned").isZero();
        }
    }

    private static void race(CustomerId customer, String envelope, ErasureProcess erasure, QueryGateway queries,
                             SubjectCipher cipher, ExecutorService pool, AtomicLong readsBefore, AtomicLong readsAfter) {
        AtomicLong erasedAt = new AtomicLong(Long.MAX_VALUE);
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < READERS_PER_RACE; r++) {
            readers.add(pool.submit(() -> {
                for (int reads = 0; reads < 200; reads++) {
                    long started = System.nanoTime();
                    boolean sawPersonalData = readView(queries, customer) || decrypt(cipher, customer, envelope);
                    if (sawPersonalData) {
                        (started > erasedAt.get() ? readsAfter : readsBefore).incrementAndGet();
                    } else if (started > erasedAt.get()) {
                        return;
                    }
                }
            }));
        }
        erasure.erase(customer, "race");
        erasedAt.set(System.nanoTime());
        for (Future<?> reader : readers) {
            try {
                reader.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean readView(QueryGateway queries, CustomerId customer) {
        try {
            Optional<CustomerView> view = queries.query(new FetchCustomerViewQuery(customer),
                    ResponseTypes.optionalInstanceOf(CustomerView.class)).join();
            return view.map(CustomerView::email).isPresent();
        } catch (RuntimeException refused) {
            return false;
        }
    }

    private static boolean decrypt(SubjectCipher cipher, CustomerId customer, String envelope) {
        try {
            return cipher.decrypt(customer.value(), "customer_view.email", envelope).length > 0;
        } catch (RuntimeException refused) {
            return false;
        }
    }
}
