package org.customervault.api.customer;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code PUT /api/v1/customers/{id}/restriction}. */
@Schema(name = "RestrictionRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record RestrictionRequest(
        @Schema(requiredMode = REQUIRED, description = "true restricts processing (GDPR Art. 18), false lifts it")
        Boolean restricted,
        @Schema(maxLength = CustomerSchemas.MAX_REASON, pattern = CustomerSchemas.FREE_TEXT,
                example = "Disputes the accuracy of the address",
                description = "No markup (< >) or control characters but line breaks and tabs") String reason) {
}
