package org.customervault.api.customer;

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
public record CustomerResponse(String id, String fullName, String email, String phone,
                               @Schema(description = "The national id as registered; to an AGENT always ********, which"
                                       + " shows none of its characters and not its length", example = "20-12345678-9")
                               String nationalId,
                               @Schema(description = "An ISO date; to an AGENT only its year", example = "1980-05-17")
                               String birthDate, PostalAddress address, Preferences preferences,
                               CustomerView.Status status, List<CustomerView.Consent> consents,
                               Instant createdAt, Instant updatedAt, Instant lastActivityAt,
                               long purchaseCount, List<PurchaseTotal> purchaseTotals,
                               List<Interaction> recentInteractions) {

    public record PurchaseTotal(String currency, long count, String amount) {
    }

    public record Interaction(String id, Channel channel, String summary, Instant occurredAt) {
    }

    static CustomerResponse of(CustomerView view, Masking masking) {
        return new CustomerResponse(view.id().value(), view.fullName(), view.email(), view.phone(),
                masking.nationalId(view.nationalId()), masking.birthDate(view.birthDate()), view.address(), view.preferences(), view.status(),
                view.consents(), view.createdAt(), view.updatedAt(), view.lastActivityAt(),
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
