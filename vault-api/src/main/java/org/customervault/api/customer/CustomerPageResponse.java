package org.customervault.api.customer;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.customervault.domain.customer.api.CustomerSummaryPage;
import org.customervault.domain.customer.api.CustomerView;

/** A page of the customer list: {@code {items: [{id, fullName, email, status, lastActivityAt}], page, size, total}}. */
@Schema(name = "CustomerPageResponse")
public record CustomerPageResponse(@Schema(requiredMode = REQUIRED) List<Item> items,
                                   @Schema(requiredMode = REQUIRED, minimum = "0", maximum = "" + Paging.MAX_PAGE) int page,
                                   @Schema(requiredMode = REQUIRED, minimum = "1", maximum = "" + Paging.MAX_SIZE) int size,
                                   @Schema(requiredMode = REQUIRED, minimum = "0") long total) {

    @Schema(name = "CustomerSummary")
    public record Item(@Schema(requiredMode = REQUIRED, format = "uuid") String id,
                       @Schema(requiredMode = REQUIRED, example = "Ana Example") String fullName,
                       @Schema(example = "ana@example.com") String email,
                       @Schema(requiredMode = REQUIRED) CustomerView.Status status,
                       @Schema(requiredMode = REQUIRED) Instant lastActivityAt) {
    }

    static CustomerPageResponse of(CustomerSummaryPage page) {
        return new CustomerPageResponse(page.items().stream()
                .map(s -> new Item(s.id().value(), s.fullName(), s.email(), s.status(), s.lastActivityAt()))
                .toList(), page.page(), page.size(), page.total());
    }
}
