package org.customervault.domain.customer.api;

import java.math.BigDecimal;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.customervault.domain.customer.CustomerId;

/** Records a purchase; {@code currency} is an ISO 4217 code. */
public record RecordPurchaseCommand(@TargetAggregateIdentifier CustomerId customerId, String purchaseId, String orderRef,
                                    BigDecimal amount, String currency, Instant occurredAt) {
}
