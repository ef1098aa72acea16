package org.customervault.api.customer;

import java.time.Duration;
import org.axonframework.queryhandling.QueryGateway;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.FetchCustomerViewVersionQuery;
import org.springframework.stereotype.Component;

/**
 * Lets a write answer with what it wrote: the read model is updated asynchronously, so a writer
 * waits until the customer's view reaches the version its command produced. Polling the read
 * model, not a local signal, keeps this right when another node runs the projection.
 */
@Component
class ReadYourWrites {

    private static final long FIRST_PAUSE_MILLIS = 1;
    private static final long LONGEST_PAUSE_MILLIS = 25;

    private final QueryGateway queries;
    private final Duration timeout;

    ReadYourWrites(QueryGateway queries, ConsistencySettings settings) {
        this.queries = queries;
        this.timeout = settings.readYourWritesTimeout();
    }

    /** True once the view shows {@code version}; false if it did not within the timeout. */
    boolean awaitVersion(CustomerId customerId, long version) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            Long reached = queries.query(new FetchCustomerViewVersionQuery(customerId), Long.class).join();
            if (reached >= version) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
        }
    }
}
