package org.customervault.domain.customer.api;

import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.CustomerId;

/** Consent to a purpose was withdrawn or refused. */
@Revision("1")
public record ConsentWithdrawnEvent(@SubjectId CustomerId customerId, String purpose, String noticeVersion) {
}
