package org.customervault.domain.customer.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.customervault.domain.customer.CustomerId;

/**
 * Requests a customer's erasure: the customer records that it is under way
 * ({@link CustomerErasureRequestedEvent}); the erasure process then destroys the key, which makes the
 * personal data unreadable, and completes it with {@link CompleteCustomerErasureCommand}. Refused while a
 * legal hold stands, unless {@code keyAlreadyDestroyed}: a database restored from a backup may show a hold
 * released before the key was destroyed, and a hold cannot keep data that is gone. With
 * {@code expectedVersion}, refused when the customer has changed since (see {@link ConfirmErasureAllowedCommand}).
 */
public record RequestCustomerErasureCommand(@TargetAggregateIdentifier CustomerId customerId,
                                            boolean keyAlreadyDestroyed,
                                            @TargetAggregateVersion Long expectedVersion) {

    /** An erasure asked for now, which a legal hold stops. */
    public RequestCustomerErasureCommand(CustomerId customerId) {
        this(customerId, false, null);
    }

    /** An erasure whatever version the customer is at. */
    public RequestCustomerErasureCommand(CustomerId customerId, boolean keyAlreadyDestroyed) {
        this(customerId, keyAlreadyDestroyed, null);
    }
}
