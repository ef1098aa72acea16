package org.customervault.api.customer;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.regex.Pattern;
import org.customervault.api.problem.InvalidRequestException;

/**
 * The body of {@code POST /api/v1/customers/{id}/purchases}. The amount is a plain decimal string:
 * no JSON number (a client's binary floating point would already have rounded it), no exponent
 * ({@code "1e30"}), no sign.
 */
public record RecordPurchaseRequest(String orderRef,
                                    @Schema(type = "string", pattern = PLAIN_DECIMAL, example = "42.50",
                                            maxLength = MAX_AMOUNT_LENGTH)
                                    String amount,
                                    String currency, Instant occurredAt) {

    static final String PLAIN_DECIMAL = "^(0|[1-9][0-9]*)(\\.[0-9]+)?$";
    static final int MAX_AMOUNT_LENGTH = 32;
    private static final Pattern AMOUNT = Pattern.compile(PLAIN_DECIMAL);

    /** The amount as a number, or a 400 naming the rule; the rules on its size are the customer's. */
    BigDecimal checkedAmount() {
        if (amount == null) {
            return null;
        }
        if (amount.length() > MAX_AMOUNT_LENGTH || !AMOUNT.matcher(amount).matches()) {
            throw new InvalidRequestException("amount", "must be a decimal string such as \"42.50\", without sign or exponent");
        }
        return new BigDecimal(amount);
    }
}
