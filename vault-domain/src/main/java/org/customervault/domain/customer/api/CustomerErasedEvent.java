package org.customervault.domain.customer.api;

import java.util.List;
import org.axonframework.serialization.Revision;
import org.customervault.domain.crypto.SubjectId;
import org.customervault.domain.customer.CustomerId;

/** The customer's keys are destroyed: every personal value ever stored for them is unreadable. */
@Revision("1")
public record CustomerErasedEvent(@SubjectId CustomerId customerId, List<String> keyIds) {

    public CustomerErasedEvent {
        keyIds = List.copyOf(keyIds);
    }
}
