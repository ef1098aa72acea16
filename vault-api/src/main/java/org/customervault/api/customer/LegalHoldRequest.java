package org.customervault.api.customer;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code PUT /api/v1/customers/{id}/legal-hold}. */
@Schema(name = "LegalHoldRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record LegalHoldRequest(
        @Schema(requiredMode = REQUIRED, description = "true places a legal hold, false releases it") Boolean held,
        @Schema(maxLength = CustomerSchemas.MAX_REASON, pattern = CustomerSchemas.FREE_TEXT,
                example = "Court order 2026-114, keep until the case closes",
                description = "Personal: kept encrypted under the customer's key. No markup (< >) or control"
                        + " characters but line breaks and tabs") String reason) {
}
