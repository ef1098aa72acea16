package org.customervault.api.customer;

import java.time.Duration;
import java.util.function.ToLongFunction;
import org.customervault.domain.customer.CustomerId;

/**
 * Lets a write answer with what it wrote: the read model is updated asynchronously, so a writer
 * waits until the customer's view reaches the version its command produced. The projection
 * announces each version it commits to every node ({@code CustomerViewVersionNotice}), and the
 * writer is woken by that notice, whichever node ran the projection. Notices are hints that may be
 * lost (this node's listening connection was down), so the writer also reads the view's version
 * itself: once after registering for notices, again whenever listening restarts, and every
 * {@code recheckInterval} while it waits.
 */
class ReadYourWrites {

    private final ToLongFunction<CustomerId> viewVersion;
    private final ViewVersionWaiters waiters;
    private final Duration timeout;
    private final Duration recheckInterval;

    /** @param viewVersion the version the customer's view shows now, -1 before it shows the customer */
    ReadYourWrites(ToLongFunction<CustomerId> viewVersion, ViewVersionWaiters waiters, ConsistencySettings settings) {
        this.viewVersion = viewVersion;
        this.waiters = waiters;
        this.timeout = settings.readYourWritesTimeout();
        this.recheckInterval = settings.recheckInterval();
    }

    /** True once the view shows {@code version}; false if it did not within the timeout. */
    boolean awaitVersion(CustomerId customerId, long version) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (ViewVersionWaiters.Waiter waiter = waiters.register(customerId, version)) {
            if (viewVersion.applyAsLong(customerId) >= version) {
                return true;
            }
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    // the last notice may have been missed since the last reading
                    return viewVersion.applyAsLong(customerId) >= version;
                }
                ViewVersionWaiters.Wake wake = waiter.await(Math.min(left, recheckInterval.toNanos()));
                if (wake == ViewVersionWaiters.Wake.REACHED || viewVersion.applyAsLong(customerId) >= version) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
