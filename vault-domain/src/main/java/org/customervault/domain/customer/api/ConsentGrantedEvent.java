package org.customervault.domain.customer.api;

import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.CustomerId;

/** Consent to a purpose was granted under a version of the privacy notice. */
@Revision("1")
public record ConsentGrantedEvent(@SubjectId CustomerId customerId, String purpose, String noticeVersion) {
}
