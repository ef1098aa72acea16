package org.customervault.domain.customer;

import java.util.List;

/** A command broke the customer's rules. The messages name fields and rules, never values. */
public class InvalidCustomerDataException extends RuntimeException {

    public record Violation(String field, String message) {
    }

    private final List<Violation> violations;

    public InvalidCustomerDataException(List<Violation> violations) {
        super(violations.size() + " invalid field(s): " + fieldsOf(violations));
        this.violations = List.copyOf(violations);
    }

    private static List<String> fieldsOf(List<Violation> violations) {
        return violations.stream().map(Violation::field).toList();
    }

    public List<Violation> violations() {
        return violations;
    }

    /** The fields that broke a rule, in the order the rules were checked: what the message names. */
    public List<String> fields() {
        return fieldsOf(violations);
    }
}
