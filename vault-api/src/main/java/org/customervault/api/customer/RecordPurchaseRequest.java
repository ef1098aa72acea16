package org.customervault.api.customer;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.regex.Pattern;
import org.customervault.api.problem.InvalidRequestException;

/**
 * The body of {@code POST /api/v1/customers/{id}/purchases}. The amount is a plain decimal string:
 * no JSON number (a client's binary floating point would already have rounded it), no exponent
 * ({@code "1e30"}), no sign, at most 15 digits before the point (the customer's own rule, stated
 * here too so that the document's pattern is the whole rule).
 */
@Schema(name = "RecordPurchaseRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record RecordPurchaseRequest(
        @Schema(requiredMode = REQUIRED, pattern = CustomerSchemas.ORDER_REF, example = "A-1001") String orderRef,
        @Schema(requiredMode = REQUIRED, type = "string", pattern = Money.AMOUNT, maxLength = Money.MAX_AMOUNT_LENGTH,
                example = "42.50", description = """
                A decimal string, never a JSON number (refused with 400): no sign, no exponent, at most 15 digits \
                before the point, and no more significant decimals than the currency has (2 for USD, 0 for JPY; \
                trailing zeros are allowed)""")
        String amount,
        @Schema(requiredMode = REQUIRED, pattern = Money.CURRENCY, example = "USD",
                description = "An ISO 4217 currency code") String currency,
        @Schema(requiredMode = REQUIRED, description = CustomerSchemas.OCCURRED_AT_RULE, example = "2026-01-31T10:15:30Z")
        Instant occurredAt) {

    private static final Pattern AMOUNT = Pattern.compile(Money.AMOUNT);

    /** The amount as a number, or a 400 naming the rule; the rules on its size are the customer's. */
    BigDecimal checkedAmount() {
        if (amount == null) {
            return null;
        }
        if (amount.length() > Money.MAX_AMOUNT_LENGTH || !AMOUNT.matcher(amount).matches()) {
            throw new InvalidRequestException("amount", "must be a decimal string such as \"42.50\", without sign or exponent");
        }
        return new BigDecimal(amount);
    }
}
