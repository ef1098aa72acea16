package org.customervault.domain.customer;

/** The customer was erased (or is being erased): nothing more is recorded for them. */
public class CustomerErasedException extends RuntimeException {

    public CustomerErasedException(CustomerId customerId) {
        super("customer " + customerId + " was erased");
    }
}
