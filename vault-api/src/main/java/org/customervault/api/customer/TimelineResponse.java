package org.customervault.api.customer;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.customervault.domain.customer.api.TimelinePage;

/** A page of a customer's timeline, newest first. */
@Schema(name = "TimelineResponse")
public record TimelineResponse(@Schema(requiredMode = REQUIRED) List<Entry> items,
                               @Schema(requiredMode = REQUIRED, minimum = "0", maximum = "" + Paging.MAX_PAGE) int page,
                               @Schema(requiredMode = REQUIRED, minimum = "1", maximum = "" + Paging.MAX_SIZE) int size,
                               @Schema(requiredMode = REQUIRED, minimum = "0") long total) {

    /** {@code kind} is REGISTERED, RECTIFIED, INTERACTION, PURCHASE, CONSENT_GRANTED, ... */
    @Schema(name = "TimelineEntry", description = "What happened to the customer, as the CRM shows it (the compliance"
            + " history is another shape: HistoryEvent)")
    public record Entry(@Schema(requiredMode = REQUIRED, minimum = "0") long sequence,
                        @Schema(requiredMode = REQUIRED, example = "PURCHASE", description = "REGISTERED, RECTIFIED,"
                                + " INTERACTION, PURCHASE, CONSENT_GRANTED, CONSENT_WITHDRAWN, RESTRICTED, ...") String kind,
                        @Schema(requiredMode = REQUIRED) Instant occurredAt,
                        @Schema(requiredMode = REQUIRED) Instant recordedAt,
                        @Schema(example = "agent") String actor,
                        @Schema(requiredMode = REQUIRED, description = "The kind's non-personal particulars")
                        Map<String, Object> details) {
    }

    static TimelineResponse of(TimelinePage page) {
        return new TimelineResponse(page.items().stream()
                .map(e -> new Entry(e.sequence(), e.kind(), e.occurredAt(), e.recordedAt(), e.actor(), e.details()))
                .toList(), page.page(), page.size(), page.total());
    }
}
