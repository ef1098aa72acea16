package org.customervault.api.customer;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.customervault.domain.customer.Channel;

/** The body of {@code POST /api/v1/customers/{id}/interactions}. */
@Schema(name = "RecordInteractionRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record RecordInteractionRequest(
        @Schema(requiredMode = REQUIRED) Channel channel,
        @Schema(requiredMode = REQUIRED, minLength = 1, maxLength = CustomerSchemas.MAX_SUMMARY,
                pattern = CustomerSchemas.FREE_TEXT, example = "Asked for a copy of the invoice",
                description = "Not blank; no markup (< >) or control characters but line breaks and tabs")
        String summary,
        @Schema(requiredMode = REQUIRED, description = CustomerSchemas.OCCURRED_AT_RULE, example = "2026-01-31T10:15:30Z")
        Instant occurredAt) {
}
