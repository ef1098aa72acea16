package org.customervault.api.customer;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.customervault.api.listing.Paging;
import org.customervault.domain.customer.api.TimelinePage;

/** A page of a customer's timeline, newest first; {@code page} is absent when paging by cursor, {@code nextCursor} on the last page. */
@Schema(name = "TimelineResponse")
public record TimelineResponse(@Schema(requiredMode = REQUIRED) List<Entry> items,
                               @Schema(minimum = "0", maximum = "" + Paging.MAX_PAGE,
                                       description = "The page number asked for; absent when paging by cursor")
                               Integer page,
                               @Schema(requiredMode = REQUIRED, minimum = "1", maximum = "" + CustomerController.MAX_PAGE_SIZE)
                               int size,
                               @Schema(requiredMode = REQUIRED, minimum = "0") long total,
                               @Schema(description = "Send as cursor for the next page; absent on the last page")
                               String nextCursor) {

    /** {@code kind} is REGISTERED, RECTIFIED, INTERACTION, PURCHASE, CONSENT_GRANTED, ... */
    @Schema(name = "TimelineEntry", description = "What happened to the customer, as the CRM shows it (the compliance"
            + " history is another shape: HistoryEvent)")
    public record Entry(@Schema(requiredMode = REQUIRED, minimum = "0") long sequence,
                        @Schema(requiredMode = REQUIRED, example = "PURCHASE", description = "REGISTERED, RECTIFIED,"
                                + " INTERACTION, PURCHASE, CONSENT_GRANTED, CONSENT_WITHDRAWN, PROCESSING_OBJECTED,"
                                + " OBJECTION_WITHDRAWN, ...") String kind,
                        @Schema(requiredMode = REQUIRED) Instant occurredAt,
                        @Schema(requiredMode = REQUIRED) Instant recordedAt,
                        @Schema(example = "agent") String actor,
                        @Schema(requiredMode = REQUIRED, description = "The kind's non-personal particulars")
                        Map<String, Object> details) {
    }

    static TimelineResponse of(TimelinePage page, Paging paging, String nextCursor) {
        return new TimelineResponse(page.items().stream()
                .map(e -> new Entry(e.sequence(), e.kind(), e.occurredAt(), e.recordedAt(), e.actor(), e.details()))
                .toList(), paging.page(), paging.size(), page.total(), nextCursor);
    }
}
