package org.customervault.domain.customer.api;

import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.CustomerId;

/** A restriction of processing was lifted. */
@Revision("1")
public record ProcessingRestrictionLiftedEvent(@SubjectId CustomerId customerId) {
}
