package org.customervault.infra.keys;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.customervault.domain.crypto.KeyStoreUnavailableException;

/**
 * Concurrent calls of one kind coalesced into batch calls: a caller's item waits with the others
 * that arrive meanwhile, and whichever caller finds a free slot sends up to {@code maxBatch} waiting
 * items in one call, with at most {@code maxInFlight} calls at a time. Callers run the batches
 * themselves, so no thread of its own waits on an idle queue; under load one round trip serves many
 * items, alone an item is sent at once. A caller waits for its answer at most the patience given,
 * then fails as unavailable; a batch call that fails in any way fails each of its items.
 *
 * @param <I> an item sent
 * @param <O> its answer, in the order the batch call returns them
 */
final class CoalescedCalls<I, O> {

    private static final class Pending<I, O> {
        private final I item;
        private O answer;
        private Throwable failure;
        private boolean done;

        private Pending(I item) {
            this.item = item;
        }
    }

    private final int maxBatch;
    private final int maxInFlight;
    private final Duration patience;
    private final Function<List<I>, List<O>> batchCall;
    private final Deque<Pending<I, O>> waiting = new ArrayDeque<>();
    private int inFlight;

    /**
     * @param patience  how long a caller waits for its answer before it fails as unavailable
     * @param batchCall answers a batch in its order; a failure fails every item of the batch
     */
    CoalescedCalls(int maxBatch, int maxInFlight, Duration patience, Function<List<I>, List<O>> batchCall) {
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
        this.patience = patience;
        this.batchCall = batchCall;
    }

    /** The item's answer, from whichever batch carried it. */
    O call(I item) {
        Pending<I, O> mine = new Pending<>(item);
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (this) {
            waiting.add(mine);
        }
        while (true) {
            List<Pending<I, O>> batch = new ArrayList<>();
            synchronized (this) {
                while (!mine.done && (inFlight >= maxInFlight || waiting.isEmpty())) {
                    awaitChange(mine, deadline);
                }
                if (mine.done) {
                    return answerOf(mine);
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
        Throwable failure = null;
        try {
            answers = batchCall.apply(batch.stream().map(pending -> pending.item).toList());
            if (answers.size() != batch.size()) {
                failure = new IllegalStateException("a batch of " + batch.size() + " got " + answers.size() + " answers");
            }
        } catch (Throwable e) {
            failure = e;
            // an Error goes on up this thread; the batch's other callers fail with it below
            if (!(e instanceof RuntimeException)) {
                throw e;
            }
        } finally {
            complete(batch, answers, failure);
        }
    }

    private synchronized void complete(List<Pending<I, O>> batch, List<O> answers, Throwable failure) {
        for (int i = 0; i < batch.size(); i++) {
            Pending<I, O> pending = batch.get(i);
            pending.failure = failure;
            pending.answer = failure == null ? answers.get(i) : null;
            pending.done = true;
        }
        inFlight--;
        notifyAll();
    }

    private O answerOf(Pending<I, O> done) {
        if (done.failure instanceof RuntimeException failure) {
            throw failure;
        }
        if (done.failure != null) {
            throw new KeyStoreUnavailableException("a batch call to the key store failed", done.failure);
        }
        return done.answer;
    }

    /** Waits for a change until the caller's deadline; past it, or interrupted, its item leaves the queue unsent. */
    private void awaitChange(Pending<I, O> mine, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            waiting.remove(mine);
            throw new KeyStoreUnavailableException("the key store did not answer within " + patience, null);
        }
        try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
            waiting.remove(mine);
            Thread.currentThread().interrupt();
            throw new KeyStoreUnavailableException("interrupted while waiting for a batch call to the key store", e);
        }
    }
}
