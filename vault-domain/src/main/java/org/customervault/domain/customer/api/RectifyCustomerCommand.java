package org.customervault.domain.customer.api;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.FieldUpdate;
import org.customervault.domain.customer.PostalAddressPatch;
import org.customervault.domain.customer.PreferencesPatch;

/**
 * Rectifies a customer's data as a merge patch: only the fields whose value really changes become
 * events. The address and the preferences are patched member by member against the aggregate's own
 * state, never against a read model that may lag behind it. With an {@code expectedVersion} the
 * command is refused ({@code ConflictingAggregateVersionException}) unless the customer is still at
 * that version; {@code null} applies it to whatever version is current.
 */
public record RectifyCustomerCommand(@TargetAggregateIdentifier CustomerId customerId,
                                     FieldUpdate<String> fullName,
                                     FieldUpdate<String> email,
                                     FieldUpdate<String> phone,
                                     FieldUpdate<String> nationalId,
                                     FieldUpdate<LocalDate> birthDate,
                                     FieldUpdate<PostalAddressPatch> address,
                                     FieldUpdate<PreferencesPatch> preferences,
                                     @TargetAggregateVersion Long expectedVersion) {

    public RectifyCustomerCommand(CustomerId customerId, FieldUpdate<String> fullName, FieldUpdate<String> email,
                                  FieldUpdate<String> phone, FieldUpdate<String> nationalId,
                                  FieldUpdate<LocalDate> birthDate, FieldUpdate<PostalAddressPatch> address,
                                  FieldUpdate<PreferencesPatch> preferences) {
        this(customerId, fullName, email, phone, nationalId, birthDate, address, preferences, null);
    }
}
