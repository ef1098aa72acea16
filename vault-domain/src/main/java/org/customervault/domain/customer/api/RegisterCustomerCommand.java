package org.customervault.domain.customer.api;

import java.time.LocalDate;
import org.customervault.domain.customer.PostalAddress;
import org.customervault.domain.customer.Preferences;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.customervault.domain.customer.CustomerId;

/** Registers a new customer with their personal data. */
public record RegisterCustomerCommand(@TargetAggregateIdentifier CustomerId customerId, String fullName, String email, String phone,
                                      String nationalId, LocalDate birthDate, PostalAddress address,
                                      Preferences preferences) {
}
