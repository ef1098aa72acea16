package org.customervault.domain.customer.api;

import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;

/**
 * Consent to a purpose was withdrawn or refused. Revision 2 added the SHA-256 of the notice's text and the channel;
 * events of revision 1 read with both {@code null}. Neither is personal.
 */
@Revision("2")
public record ConsentWithdrawnEvent(@SubjectId CustomerId customerId, String purpose, String noticeVersion,
                                    String noticeSha256, Channel channel) {

    /** A withdrawal recorded without proof of the notice's text, as revision 1 recorded every one. */
    public ConsentWithdrawnEvent(CustomerId customerId, String purpose, String noticeVersion) {
        this(customerId, purpose, noticeVersion, null, null);
    }
}
