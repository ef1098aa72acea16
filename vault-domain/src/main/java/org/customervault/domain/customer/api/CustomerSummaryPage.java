package org.customervault.domain.customer.api;

import java.time.Instant;
import java.util.List;
import org.customervault.domain.customer.CustomerId;

/**
 * One page of the customer list, decrypted, in the order asked for. {@code total} counts every
 * customer the query matches; {@code next} is where the following page starts, null on the last.
 */
public record CustomerSummaryPage(List<Summary> items, long total, FetchCustomerSummariesQuery.Position next) {

    public record Summary(CustomerId id, String fullName, String email, CustomerView.Status status,
                          Instant createdAt, Instant lastActivityAt) {
    }
}
