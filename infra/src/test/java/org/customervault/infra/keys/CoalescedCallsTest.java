package org.customervault.infra.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.junit.jupiter.api.Test;

class CoalescedCallsTest {

    @Test
    void itemsArrivingWhileTheCallsInFlightAreBusyGoTogetherInTheNextBatch() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        CoalescedCalls<Integer, Integer> calls = new CoalescedCalls<>(250, 2, items -> {
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
        CoalescedCalls<Integer, Integer> calls = new CoalescedCalls<>(250, 2, items -> {
            throw new KeyStoreUnavailableException("down", null);
        });

        assertThatThrownBy(() -> calls.call(1)).isInstanceOf(KeyStoreUnavailableException.class);
    }

    @Test
    void aBatchHoldsAtMostMaxBatchItems() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        CoalescedCalls<Integer, Integer> calls = new CoalescedCalls<>(3, 1, items -> {
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
}
