package org.customervault.domain.customer.api;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.customervault.domain.customer.CustomerId;

/** Records that a requested erasure was carried out: these keys are destroyed. */
public record CompleteCustomerErasureCommand(@TargetAggregateIdentifier CustomerId customerId, List<String> keyIds) {
}
