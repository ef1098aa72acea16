package org.customervault.domain.customer.api;

import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.CustomerId;

/** An erasure of the customer was requested; it holds no personal data. Who asked is in the metadata. */
@Revision("1")
public record CustomerErasureRequestedEvent(@SubjectId CustomerId customerId) {
}
