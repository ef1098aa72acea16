package org.customervault.domain.customer.api;

import org.customervault.domain.customer.CustomerId;

/**
 * Asks which version of the customer the 360 view has reached, answered with a {@code Long}
 * ({@code -1} before the customer appears), so a writer can wait for its own change.
 */
public record FetchCustomerViewVersionQuery(CustomerId customerId) {
}
