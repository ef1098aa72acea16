package org.customervault.domain.customer.api;

import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.CustomerId;

/** A legal hold was released: the customer can be erased again. */
@Revision("1")
public record LegalHoldReleasedEvent(@SubjectId CustomerId customerId) {
}
