package org.customervault.domain.customer.api;

import org.customervault.domain.customer.CustomerId;

/** Asks for a customer's 360 view; answered with an {@code Optional<CustomerView>}. */
public record FetchCustomerViewQuery(CustomerId customerId) {
}
