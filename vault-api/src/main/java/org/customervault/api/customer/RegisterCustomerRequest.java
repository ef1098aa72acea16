package org.customervault.api.customer;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import org.customervault.domain.customer.PostalAddress;
import org.customervault.domain.customer.Preferences;

/**
 * The body of {@code POST /api/v1/customers}. The document states the customer's rules (the
 * domain's {@code CustomerRules}); those a JSON Schema pattern cannot say in every tool (letters of
 * any script) are in the descriptions.
 */
@Schema(name = "RegisterCustomerRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record RegisterCustomerRequest(
        @Schema(requiredMode = REQUIRED, minLength = 1, maxLength = CustomerSchemas.MAX_NAME, example = "Ana Example",
                description = CustomerSchemas.NAME_RULE) String fullName,
        @Schema(format = "idn-email", maxLength = CustomerSchemas.MAX_EMAIL, example = "ana@example.com",
                description = CustomerSchemas.EMAIL_RULE) String email,
        @Schema(pattern = CustomerSchemas.E164, example = "+5491100000000", description = "E.164") String phone,
        @Schema(minLength = 1, maxLength = CustomerSchemas.MAX_NATIONAL_ID, example = "00-00000000-0",
                description = CustomerSchemas.NATIONAL_ID_RULE) String nationalId,
        @Schema(format = "date", example = "1980-01-31", description = CustomerSchemas.BIRTH_DATE_RULE)
        LocalDate birthDate,
        PostalAddress address,
        Preferences preferences) {
}
