package org.customervault.domain.customer;

/** A legal hold stands on the customer: nothing erases them until it is released. */
public class LegalHoldException extends RuntimeException {

    public LegalHoldException(CustomerId customerId) {
        super("customer " + customerId + " is under a legal hold");
    }
}
