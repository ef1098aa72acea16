package org.customervault.api.customer;

import java.time.Instant;
import java.util.List;
import org.customervault.api.listing.Paging;
import org.customervault.domain.customer.api.CustomerSummaryPage;
import org.customervault.domain.customer.api.CustomerView;

/**
 * A page of the customer list: {@code {items: [{id, fullName, email, status, createdAt,
 * lastActivityAt}], page, size, total, nextCursor}}; {@code page} is null when paging by cursor,
 * {@code nextCursor} on the last page.
 */
public record CustomerPageResponse(List<Item> items, Integer page, int size, long total, String nextCursor) {

    public record Item(String id, String fullName, String email, CustomerView.Status status, Instant createdAt,
                       Instant lastActivityAt) {
    }

    static CustomerPageResponse of(CustomerSummaryPage page, Paging paging, String nextCursor) {
        return new CustomerPageResponse(page.items().stream()
                .map(s -> new Item(s.id().value(), s.fullName(), s.email(), s.status(), s.createdAt(), s.lastActivityAt()))
                .toList(), paging.page(), paging.size(), page.total(), nextCursor);
    }
}
