package org.customervault.domain.customer.api;

import java.time.Instant;
import java.util.List;
import org.customervault.domain.customer.CustomerId;

/** One page of the customer list, decrypted, most recently active first. */
public record CustomerSummaryPage(List<Summary> items, int page, int size, long total) {

    public record Summary(CustomerId id, String fullName, String email, CustomerView.Status status,
                          Instant lastActivityAt) {
    }
}
