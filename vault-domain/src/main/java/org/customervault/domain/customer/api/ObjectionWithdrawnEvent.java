package org.customervault.domain.customer.api;

import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.CustomerId;

/** The customer withdrew their objection to a purpose. */
@Revision("1")
public record ObjectionWithdrawnEvent(@SubjectId CustomerId customerId, String purpose) {
}
