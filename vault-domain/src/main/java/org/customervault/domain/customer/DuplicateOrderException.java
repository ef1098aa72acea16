package org.customervault.domain.customer;

/** A purchase with this order reference was already recorded for the customer. */
public class DuplicateOrderException extends RuntimeException {

    public DuplicateOrderException(CustomerId customerId) {
        super("customer " + customerId + " already has a purchase with this order reference");
    }
}
