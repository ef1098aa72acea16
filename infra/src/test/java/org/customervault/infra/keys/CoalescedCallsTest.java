package org.customervault.infra.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.junit.jupiter.api.Test;

class CoalescedCallsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void itemsArrivingWhileTheCallsInFlightAreBusyGoTogetherInTheNextBatch() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        CoalescedCalls<Integer, Integer> calls = new CoalescedCalls<>(250, 2, PATIENCE, items -> {
            batches.add(items);
            await().until(() -> release.getCount() == 0);
            return items.stream().map(item -> item * 10).toList();
        });
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            answers.add(pool.submit(() -> calls.call(0)));
            answers.add(pool.submit(() -> calls.call(1)));
            await().until(() -> batches.size() == 2);
            for (int item = 2; item < 12; item++) {
                int sent = item;
                answers.add(pool.submit(() -> calls.call(sent)));
            }
            await().until(() -> calls.waiting() == 10);

            release.countDown();

            for (int item = 0; item < 12; item++) {
                assertThat(answers.get(item).get()).isEqualTo(item * 10);
            }
            assertThat(batches).hasSize(3);
            assertThat(batches.get(2)).hasSize(10);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedBatchFailsEachOfItsItems() {
        CoalescedCalls<Integer, Integer> calls = new CoalescedCalls<>(250, 2, PATIENCE, items -> {
            throw new KeyStoreUnavailableException("down", null);
        });

        assertThatThrownBy(() -> calls.call(1)).isInstanceOf(KeyStoreUnavailableException.class);
    }

    @Test
    void aBatchHoldsAtMostMaxBatchItems() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        CoalescedCalls<Integer, Integer> calls = new CoalescedCalls<>(3, 1, PATIENCE, items -> {
            sizes.add(items.size());
            await().until(() -> release.getCount() == 0);
            return items;
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            answers.add(pool.submit(() -> calls.call(0)));
            await().until(() -> sizes.size() == 1);
            for (int item = 1; item < 8; item++) {
                int sent = item;
                answers.add(pool.submit(() -> calls.call(sent)));
            }
            await().until(() -> calls.waiting() == 7);
            release.countDown();
            for (Future<Integer> answer : answers) {
                answer.get();
            }
            assertThat(sizes).containsExactly(1, 3, 3, 1);
        } finally {
            pool.shutdownNow();
        }
    }

    /** An Error in a batch call wakes each caller of that batch with a failure, and frees the slot for the next calls. */
    @Test
    void aBatchCallEndingInAnErrorFailsEachOfItsItemsAndLaterCallsStillGo() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean broken = new AtomicBoolean(true);
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        CoalescedCalls<Integer, Integer> calls = new CoalescedCalls<>(250, 1, PATIENCE, items -> {
            batches.add(items);
            if (items.contains(0)) {
                await().until(() -> release.getCount() == 0);
            } else if (broken.getAndSet(false)) {
                throw new Error("broken batch call");
            }
            return items.stream().map(item -> item * 10).toList();
        });
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            Future<Integer> first = pool.submit(() -> calls.call(0));
            await().until(() -> batches.size() == 1);
            List<Future<Integer>> broke = new ArrayList<>();
            for (int item = 1; item < 5; item++) {
                int sent = item;
                broke.add(pool.submit(() -> calls.call(sent)));
            }
            await().until(() -> calls.waiting() == 4);

            release.countDown();

            assertThat(first.get()).isZero();
            for (Future<Integer> answer : broke) {
                assertThatThrownBy(() -> answer.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .cause().satisfiesAnyOf(
                                failure -> assertThat(failure).isInstanceOf(Error.class),
                                failure -> assertThat(failure).isInstanceOf(KeyStoreUnavailableException.class)
                                        .hasCauseInstanceOf(Error.class));
            }
            assertThat(batches.get(1)).as("the four callers in one batch").containsExactlyInAnyOrder(1, 2, 3, 4);
            assertThat(pool.submit(() -> calls.call(5)).get(30, TimeUnit.SECONDS)).isEqualTo(50);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /** A caller whose item no batch carried within its patience fails as unavailable, and its item leaves the queue. */
    @Test
    void aCallerWaitsAtMostItsPatience() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        CoalescedCalls<Integer, Integer> calls = new CoalescedCalls<>(250, 1, Duration.ofMillis(200), items -> {
            batches.add(items);
            await().until(() -> release.getCount() == 0);
            return items;
        });
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> stuck = pool.submit(() -> calls.call(0));
            await().until(() -> batches.size() == 1);

            assertThatThrownBy(() -> calls.call(1)).isInstanceOf(KeyStoreUnavailableException.class)
                    .hasMessageContaining("did not answer");
            assertThat(calls.waiting()).isZero();

            release.countDown();
            assertThat(stuck.get()).isZero();
            assertThat(batches).hasSize(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
