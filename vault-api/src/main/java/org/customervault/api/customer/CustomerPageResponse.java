package org.customervault.api.customer;

import java.time.Instant;
import java.util.List;
import org.customervault.domain.customer.api.CustomerSummaryPage;
import org.customervault.domain.customer.api.CustomerView;

/** A page of the customer list: {@code {items: [{id, fullName, email, status, lastActivityAt}], page, size, total}}. */
public record CustomerPageResponse(List<Item> items, int page, int size, long total) {

    public record Item(String id, String fullName, String email, CustomerView.Status status, Instant lastActivityAt) {
    }

    static CustomerPageResponse of(CustomerSummaryPage page) {
        return new CustomerPageResponse(page.items().stream()
                .map(s -> new Item(s.id().value(), s.fullName(), s.email(), s.status(), s.lastActivityAt()))
                .toList(), page.page(), page.size(), page.total());
    }
}
