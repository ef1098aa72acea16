package org.customervault.domain.customer.api;

import java.time.LocalDate;
import org.customervault.domain.customer.FieldUpdate;
import org.customervault.domain.customer.PostalAddress;
import org.customervault.domain.customer.Preferences;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.customervault.domain.customer.CustomerId;

/**
 * Rectifies a customer's data as a merge patch: only the fields whose value really changes become
 * events.
 */
public record RectifyCustomerCommand(@TargetAggregateIdentifier CustomerId customerId,
                                     FieldUpdate<String> fullName,
                                     FieldUpdate<String> email,
                                     FieldUpdate<String> phone,
                                     FieldUpdate<String> nationalId,
                                     FieldUpdate<LocalDate> birthDate,
                                     FieldUpdate<PostalAddress> address,
                                     FieldUpdate<Preferences> preferences) {
}
