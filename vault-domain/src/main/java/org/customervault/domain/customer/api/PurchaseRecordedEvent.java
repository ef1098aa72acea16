package org.customervault.domain.customer.api;

import java.math.BigDecimal;
import java.time.Instant;
import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.CustomerId;

/** A purchase: an accounting fact that stays readable after the customer's erasure. */
@Revision("1")
public record PurchaseRecordedEvent(@SubjectId CustomerId customerId, String purchaseId, String orderRef,
                                    BigDecimal amount, String currency, Instant occurredAt) {
}
