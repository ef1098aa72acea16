package org.customervault.domain.customer;

/** The customer has restricted processing (GDPR Art. 18): new interactions and purchases wait. */
public class ProcessingRestrictedException extends RuntimeException {

    public ProcessingRestrictedException(CustomerId customerId) {
        super("processing of customer " + customerId + " is restricted");
    }
}
