package org.customervault.api.customer;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.customervault.api.listing.Paging;
import org.customervault.api.security.Masking;
import org.customervault.domain.customer.api.CustomerSummaryPage;
import org.customervault.domain.customer.api.CustomerView;

/**
 * A page of the customer list: {@code {items: [{id, fullName, email, status, createdAt,
 * lastActivityAt}], page, size, total, totalIsLowerBound, nextCursor}}; {@code page} is absent when paging
 * by cursor, {@code nextCursor} on the last page. A search by common words is not counted to the end:
 * its total is then how many matches a bounded count found, and {@code totalIsLowerBound} says so.
 */
@Schema(name = "CustomerPageResponse")
public record CustomerPageResponse(@Schema(requiredMode = REQUIRED) List<Item> items,
                                   @Schema(minimum = "0", maximum = "" + Paging.MAX_PAGE,
                                           description = "The page number asked for; absent when paging by cursor")
                                   Integer page,
                                   @Schema(requiredMode = REQUIRED, minimum = "1", maximum = "" + CustomerController.MAX_PAGE_SIZE)
                                   int size,
                                   @Schema(requiredMode = REQUIRED, minimum = "0",
                                           description = "How many customers the list holds with these filters; "
                                                   + "at least this many when totalIsLowerBound") long total,
                                   @Schema(requiredMode = REQUIRED, description = "True when total is a lower bound, not a "
                                           + "count: a search whose every word is common is counted among the first "
                                           + "customers of its rarest word only, so that it stays fast; there are at "
                                           + "least total matches. False: total is exact")
                                   boolean totalIsLowerBound,
                                   @Schema(description = "Send as cursor for the next page; absent on the last page")
                                   String nextCursor) {

    @Schema(name = "CustomerSummary")
    public record Item(@Schema(requiredMode = REQUIRED, format = "uuid") String id,
                       @Schema(requiredMode = REQUIRED, example = "Ana Example") String fullName,
                       @Schema(example = "ana@example.com") String email,
                       @Schema(requiredMode = REQUIRED) CustomerView.Status status,
                       @Schema(requiredMode = REQUIRED) Instant createdAt,
                       @Schema(requiredMode = REQUIRED) Instant lastActivityAt) {
    }

    /** A customer whose restriction withholds them from the caller shows (restricted) for a name and no email. */
    static CustomerPageResponse of(CustomerSummaryPage page, Masking masking, Paging paging, String nextCursor) {
        return new CustomerPageResponse(page.items().stream()
                .map(s -> masking.withholds(s.status())
                        ? new Item(s.id().value(), Masking.RESTRICTED_NAME, null, s.status(), s.createdAt(), s.lastActivityAt())
                        : new Item(s.id().value(), s.fullName(), s.email(), s.status(), s.createdAt(), s.lastActivityAt()))
                .toList(), paging.page(), paging.size(), page.total(), page.totalIsLowerBound(),
                nextCursor);
    }
}
