package org.customervault.api.customer;

import java.time.LocalDate;
import org.customervault.domain.customer.PostalAddress;
import org.customervault.domain.customer.Preferences;

/** The body of {@code POST /api/v1/customers}. */
public record RegisterCustomerRequest(String fullName, String email, String phone, String nationalId,
                                      LocalDate birthDate, PostalAddress address, Preferences preferences) {
}
