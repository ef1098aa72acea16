package org.customervault.domain.customer.api;

import java.util.Objects;

/**
 * Customers whose latest consent to {@code purpose} is granted, or withdrawn ({@code granted} false: withdrawn or
 * refused, even if never granted before). A customer who never said anything about the purpose matches neither.
 */
public record ConsentFilter(String purpose, boolean granted) {

    public ConsentFilter {
        Objects.requireNonNull(purpose, "purpose");
    }
}
