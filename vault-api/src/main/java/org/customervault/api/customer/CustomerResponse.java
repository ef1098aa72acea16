package org.customervault.api.customer;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.customervault.api.security.Masking;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.PostalAddress;
import org.customervault.domain.customer.Preferences;
import org.customervault.domain.customer.api.CustomerView;

/**
 * The 360 view as the API contract shapes it: money as decimal strings with their currency, and
 * {@code birthDate} an ISO date, or only its year for a caller who sees it masked.
 */
@Schema(name = "CustomerResponse")
public record CustomerResponse(@Schema(requiredMode = REQUIRED, format = "uuid") String id,
                               @Schema(requiredMode = REQUIRED, example = "Ana Example",
                                       description = "To an AGENT, (restricted) while processing is restricted, and"
                                               + " every other personal member absent")
                               String fullName,
                               @Schema(example = "ana@example.com") String email,
                               @Schema(pattern = CustomerSchemas.E164, example = "+5491100000000") String phone,
                               @Schema(description = "The national id as registered; to an AGENT always ********, which"
                                       + " shows none of its characters and not its length", example = "00-00000000-0")
                               String nationalId,
                               @Schema(description = "An ISO date; to an AGENT only its year", pattern = BIRTH_DATE_OR_YEAR,
                                       example = "1980-01-31")
                               String birthDate, PostalAddress address, Preferences preferences,
                               @Schema(requiredMode = REQUIRED, description = "An erased customer is not shown (410)")
                               CustomerView.Status status,
                               @Schema(requiredMode = REQUIRED, description = "A legal hold stands: the customer cannot"
                                       + " be erased, on request or by a retention policy, until it is released")
                               boolean legalHold,
                               @Schema(requiredMode = REQUIRED, description = "The latest consent per purpose")
                               List<CustomerView.Consent> consents,
                               @Schema(requiredMode = REQUIRED, description = "The purposes the customer objects to "
                                       + "(GDPR Art. 21): a read with a Purpose header naming one is refused")
                               List<CustomerView.Objection> objections,
                               @Schema(requiredMode = REQUIRED) Instant createdAt,
                               @Schema(requiredMode = REQUIRED) Instant updatedAt,
                               @Schema(requiredMode = REQUIRED) Instant lastActivityAt,
                               @Schema(requiredMode = REQUIRED, minimum = "0") long purchaseCount,
                               @Schema(requiredMode = REQUIRED) List<PurchaseTotal> purchaseTotals,
                               @Schema(requiredMode = REQUIRED, description = "The latest interactions, newest first")
                               List<Interaction> recentInteractions) implements ChangeAnswer {

    static final String BIRTH_DATE_OR_YEAR = "^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$";

    @Schema(name = "PurchaseTotal", description = "The customer's purchases in one currency")
    public record PurchaseTotal(@Schema(requiredMode = REQUIRED, pattern = Money.CURRENCY, example = "USD") String currency,
                                @Schema(requiredMode = REQUIRED, minimum = "1") long count,
                                @Schema(requiredMode = REQUIRED, pattern = Money.DECIMAL, example = "42.50",
                                        description = "A decimal string with the currency's decimals") String amount) {
    }

    @Schema(name = "Interaction")
    public record Interaction(@Schema(requiredMode = REQUIRED, format = "uuid") String id,
                              @Schema(requiredMode = REQUIRED) Channel channel,
                              @Schema(requiredMode = REQUIRED, example = "Asked for a copy of the invoice") String summary,
                              @Schema(requiredMode = REQUIRED) Instant occurredAt) {
    }

    /**
     * To a caller the customer's restriction withholds them from, the status, consents, objections, dates and counts
     * only.
     */
    static CustomerResponse of(CustomerView view, Masking masking) {
        if (masking.withholds(view.status())) {
            return new CustomerResponse(view.id().value(), Masking.RESTRICTED_NAME, null, null, null, null, null, null,
                    view.status(), view.legalHold(), view.consents(), view.objections(), view.createdAt(),
                    view.updatedAt(),
                    view.lastActivityAt(), view.purchaseCount(),
                    view.purchaseTotals().stream().map(CustomerResponse::total).toList(), List.of());
        }
        return new CustomerResponse(view.id().value(), view.fullName(), view.email(), view.phone(),
                masking.nationalId(view.nationalId()), masking.birthDate(view.birthDate()), view.address(), view.preferences(), view.status(),
                view.legalHold(),
                view.consents(), view.objections(), view.createdAt(), view.updatedAt(), view.lastActivityAt(),
                view.purchaseCount(),
                view.purchaseTotals().stream().map(CustomerResponse::total).toList(),
                view.recentInteractions().stream()
                        .map(i -> new Interaction(i.id(), i.channel(), i.summary(), i.occurredAt()))
                        .toList());
    }

    private static PurchaseTotal total(CustomerView.PurchaseTotal total) {
        int digits = Math.max(0, Currency.getInstance(total.currency()).getDefaultFractionDigits());
        return new PurchaseTotal(total.currency(), total.count(),
                total.amount().setScale(digits, RoundingMode.UNNECESSARY).toPlainString());
    }
}
