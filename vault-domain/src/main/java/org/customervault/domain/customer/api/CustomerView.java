package org.customervault.domain.customer.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.PostalAddress;
import org.customervault.domain.customer.Preferences;

/** A customer's 360 view as the CRM shows it, decrypted. */
public record CustomerView(CustomerId id, long version, String fullName, String email, String phone,
                           String nationalId, LocalDate birthDate, PostalAddress address,
                           Preferences preferences, Status status, boolean legalHold,
                           List<Consent> consents, List<Objection> objections,
                           Instant createdAt, Instant updatedAt, Instant lastActivityAt,
                           long purchaseCount, List<PurchaseTotal> purchaseTotals,
                           List<Interaction> recentInteractions) {

    public enum Status { ACTIVE, RESTRICTED }

    /** {@code noticeSha256} and {@code channel} are {@code null} for a consent recorded before they were. */
    public record Consent(String purpose, boolean granted, String noticeVersion, String noticeSha256, Channel channel,
                          Instant at) {
    }

    /** A purpose the customer objects to (GDPR Art. 21), since when; the reason stays in the history. */
    public record Objection(String purpose, Instant at) {
    }

    public record PurchaseTotal(String currency, long count, BigDecimal amount) {
    }

    public record Interaction(String id, Channel channel, String summary, Instant occurredAt) {
    }
}
