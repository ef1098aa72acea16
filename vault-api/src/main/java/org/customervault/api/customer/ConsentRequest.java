package org.customervault.api.customer;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import org.customervault.domain.customer.Channel;

/** The body of {@code PUT /api/v1/customers/{id}/consents/{purpose}}. */
@Schema(name = "ConsentRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record ConsentRequest(
        @Schema(requiredMode = REQUIRED, description = "true grants the purpose, false withdraws or refuses it")
        Boolean granted,
        @Schema(requiredMode = REQUIRED, pattern = CustomerSchemas.NOTICE_VERSION, example = "2026-01",
                description = "The version of the privacy notice the customer was shown; for a grant it must be "
                        + "registered (PUT /api/v1/compliance/notices/{version}), and the consent records its text's "
                        + "SHA-256; a withdrawal under an unregistered version is recorded without the hash")
        String noticeVersion,
        @Schema(description = "How the customer gave or withdrew it (WEB, PHONE, EMAIL, POST for paper, IN_PERSON, ...)")
        Channel channel) {
}
