package org.customervault.domain.customer;

import java.util.List;

/** A command broke the customer's rules. The messages name fields and rules, never values. */
public class InvalidCustomerDataException extends RuntimeException {

    public record Violation(String field, String message) {
    }

    private final List<Violation> violations;

    public InvalidCustomerDataException(List<Violation> violations) {
        super(violations.size() + " invalid field(s): "
                + violations.stream().map(Violation::field).toList());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
