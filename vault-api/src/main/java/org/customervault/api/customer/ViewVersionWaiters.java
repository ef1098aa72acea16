package org.customervault.api.customer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerViewVersionNotice;

/**
 * The writes on this node waiting for a customer's view to reach a version, by customer, and the
 * notices that wake them. A waiter is registered before the writer first reads the view's version,
 * so a notice is never lost between that reading and the wait: either the reading sees the version,
 * or the notice finds the waiter. Notices of versions nobody here waits for are dropped.
 */
final class ViewVersionWaiters {

    private final ConcurrentHashMap<CustomerId, Set<Waiter>> waiting = new ConcurrentHashMap<>();

    /** Registers a wait for {@code customerId}'s view to reach {@code version}; close it when done. */
    Waiter register(CustomerId customerId, long version) {
        Waiter waiter = new Waiter(customerId, version);
        waiting.compute(customerId, (id, waiters) -> {
            Set<Waiter> registered = waiters == null ? ConcurrentHashMap.newKeySet() : waiters;
            registered.add(waiter);
            return registered;
        });
        return waiter;
    }

    /** Wakes the waiters for the notice's customer whose version it reaches. */
    void reached(CustomerViewVersionNotice notice) {
        Set<Waiter> waiters = waiting.get(notice.customerId());
        if (waiters != null) {
            waiters.forEach(waiter -> waiter.reached(notice.version()));
        }
    }

    /** Wakes every waiter to read the view's version itself: notices may have been missed. */
    void lookAgain() {
        waiting.values().forEach(waiters -> waiters.forEach(Waiter::lookAgain));
    }

    /** How many writes wait now. */
    int waiting() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }

    private void remove(Waiter waiter) {
        // under the map's lock for this customer, so a set emptied here is never one a new waiter was just added to
        waiting.computeIfPresent(waiter.customerId, (id, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
        });
    }

    /** One write's wait. */
    final class Waiter implements AutoCloseable {

        private final CustomerId customerId;
        private final long version;
        private boolean reached;
        private boolean lookAgain;

        private Waiter(CustomerId customerId, long version) {
            this.customerId = customerId;
            this.version = version;
        }

        /**
         * Waits until a notice reaches the version, or the view should be read again, or {@code nanos}
         * have passed.
         *
         * @return {@link Wake#REACHED} once a notice reached the version (and from then on),
         * {@link Wake#LOOK_AGAIN} once after notices may have been missed, {@link Wake#TIMED_OUT} otherwise
         */
        synchronized Wake await(long nanos) throws InterruptedException {
            long deadline = System.nanoTime() + nanos;
            long left = nanos;
            while (!reached && !lookAgain && left > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
                left = deadline - System.nanoTime();
            }
            if (reached) {
                return Wake.REACHED;
            }
            if (lookAgain) {
                lookAgain = false;
                return Wake.LOOK_AGAIN;
            }
            return Wake.TIMED_OUT;
        }

        private synchronized void reached(long reachedVersion) {
            if (reachedVersion >= version) {
                reached = true;
                notifyAll();
            }
        }

        private synchronized void lookAgain() {
            lookAgain = true;
            notifyAll();
        }

        @Override
        public void close() {
            remove(this);
        }
    }

    enum Wake { REACHED, LOOK_AGAIN, TIMED_OUT }
}
