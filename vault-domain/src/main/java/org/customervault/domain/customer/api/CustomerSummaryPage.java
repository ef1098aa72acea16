package org.customervault.domain.customer.api;

import java.time.Instant;
import java.util.List;
import org.customervault.domain.customer.CustomerId;

/**
 * One page of the customer list, decrypted, in the order asked for. {@code total} counts every
 * customer the query matches, or, when {@code totalIsLowerBound}, as many of them as a bounded count
 * found: there are at least that many (a search by common words is not counted to the end);
 * {@code next} is where the following page starts, null on the last.
 */
public record CustomerSummaryPage(List<Summary> items, long total, boolean totalIsLowerBound,
                                  FetchCustomerSummariesQuery.Position next) {

    /** A page whose total is exact. */
    public CustomerSummaryPage(List<Summary> items, long total, FetchCustomerSummariesQuery.Position next) {
        this(items, total, false, next);
    }

    public record Summary(CustomerId id, String fullName, String email, CustomerView.Status status,
                          Instant createdAt, Instant lastActivityAt) {
    }
}
