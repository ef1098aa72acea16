package org.customervault.domain.customer.api;

import org.customervault.domain.customer.CustomerId;

/**
 * Asks for the purposes the customer refuses now, answered with {@link RefusedPurposes}: those they object to
 * (GDPR Art. 21) and those whose latest consent is withdrawn or refused (Art. 7(3)).
 */
public record FetchRefusedPurposesQuery(CustomerId customerId) {
}
