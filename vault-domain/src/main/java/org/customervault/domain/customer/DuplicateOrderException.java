package org.customervault.domain.customer;

/** A purchase with this order reference was already recorded for the customer, as {@link #purchaseId}. */
public class DuplicateOrderException extends RuntimeException {

    private final String purchaseId;

    public DuplicateOrderException(CustomerId customerId, String purchaseId) {
        super("customer " + customerId + " already has purchase " + purchaseId + " with this order reference");
        this.purchaseId = purchaseId;
    }

    /** The purchase recorded first with the order reference. */
    public String purchaseId() {
        return purchaseId;
    }
}
