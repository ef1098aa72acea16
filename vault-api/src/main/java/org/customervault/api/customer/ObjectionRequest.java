package org.customervault.api.customer;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code PUT /api/v1/customers/{id}/objections/{purpose}}. */
@Schema(name = "ObjectionRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record ObjectionRequest(
        @Schema(requiredMode = REQUIRED, description = "true records the objection (GDPR Art. 21), false withdraws it")
        Boolean objected,
        @Schema(maxLength = CustomerSchemas.MAX_REASON, pattern = CustomerSchemas.FREE_TEXT,
                example = "Does not want offers by phone",
                description = "Personal: encrypted under the customer's key. No markup (< >) or control characters but "
                        + "line breaks and tabs") String reason) {
}
