package org.customervault.domain.customer.api;

import org.customervault.domain.customer.CustomerId;

/** Asks for a page of what happened to a customer, newest first; answered with a {@link TimelinePage}. */
public record FetchCustomerTimelineQuery(CustomerId customerId, int page, int size) {
}
