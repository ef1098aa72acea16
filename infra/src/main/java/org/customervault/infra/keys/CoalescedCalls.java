package org.customervault.infra.keys;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.customervault.domain.crypto.KeyStoreUnavailableException;

/**
 * Concurrent calls of one kind coalesced into batch calls: a caller's item waits with the others
 * that arrive meanwhile, and whichever caller finds a free slot sends up to {@code maxBatch} waiting
 * items in one call, with at most {@code maxInFlight} calls at a time. Callers run the batches
 * themselves, so no thread of its own waits on an idle queue; under load one round trip serves many
 * items, alone an item is sent at once.
 *
 * @param <I> an item sent
 * @param <O> its answer, in the order the batch call returns them
 */
final class CoalescedCalls<I, O> {

    private static final class Pending<I, O> {
        private final I item;
        private O answer;
        private RuntimeException failure;
        private boolean done;

        private Pending(I item) {
            this.item = item;
        }
    }

    private final int maxBatch;
    private final int maxInFlight;
    private final Function<List<I>, List<O>> batchCall;
    private final Deque<Pending<I, O>> waiting = new ArrayDeque<>();
    private int inFlight;

    /** @param batchCall answers a batch in its order; a failure fails every item of the batch */
    CoalescedCalls(int maxBatch, int maxInFlight, Function<List<I>, List<O>> batchCall) {
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
        this.batchCall = batchCall;
    }

    /** The item's answer, from whichever batch carried it. */
    O call(I item) {
        Pending<I, O> mine = new Pending<>(item);
        synchronized (this) {
            waiting.add(mine);
        }
        while (true) {
            List<Pending<I, O>> batch = new ArrayList<>();
            synchronized (this) {
                while (!mine.done && (inFlight >= maxInFlight || waiting.isEmpty())) {
                    awaitChange();
                }
                if (mine.done) {
                    if (mine.failure != null) {
                        throw mine.failure;
                    }
                    return mine.answer;
                }
                while (batch.size() < maxBatch && !waiting.isEmpty()) {
                    batch.add(waiting.poll());
                }
                inFlight++;
            }
            send(batch);
        }
    }

    /** How many items wait for a batch (for tests). */
    synchronized int waiting() {
        return waiting.size();
    }

    private void send(List<Pending<I, O>> batch) {
        List<O> answers = null;
        RuntimeException failure = null;
        try {
            answers = batchCall.apply(batch.stream().map(pending -> pending.item).toList());
            if (answers.size() != batch.size()) {
                failure = new IllegalStateException("a batch of " + batch.size() + " got " + answers.size() + " answers");
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        synchronized (this) {
            for (int i = 0; i < batch.size(); i++) {
                Pending<I, O> pending = batch.get(i);
                pending.failure = failure;
                pending.answer = failure == null ? answers.get(i) : null;
                pending.done = true;
            }
            inFlight--;
            notifyAll();
        }
    }

    private void awaitChange() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyStoreUnavailableException("interrupted while waiting for a batch call to the key store", e);
        }
    }
}
