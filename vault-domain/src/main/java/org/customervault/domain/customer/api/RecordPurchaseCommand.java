package org.customervault.domain.customer.api;

import java.math.BigDecimal;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.customervault.domain.customer.CustomerId;

/**
 * Records a purchase; {@code currency} is an ISO 4217 code. With an {@code expectedVersion}, refused
 * ({@code ConflictingAggregateVersionException}) unless the customer is still at that version.
 */
public record RecordPurchaseCommand(@TargetAggregateIdentifier CustomerId customerId, String purchaseId, String orderRef,
                                    BigDecimal amount, String currency, Instant occurredAt,
                                    @TargetAggregateVersion Long expectedVersion) {

    /** Applied to whatever version of the customer is current. */
    public RecordPurchaseCommand(CustomerId customerId, String purchaseId, String orderRef, BigDecimal amount,
                                 String currency, Instant occurredAt) {
        this(customerId, purchaseId, orderRef, amount, currency, occurredAt, null);
    }
}
