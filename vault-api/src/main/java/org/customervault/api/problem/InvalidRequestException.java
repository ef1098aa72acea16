package org.customervault.api.problem;

import java.util.List;
import org.customervault.domain.customer.InvalidCustomerDataException.Violation;

/** A request whose shape is wrong: the fields named and what is expected of them, never the values. */
public class InvalidRequestException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidRequestException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public InvalidRequestException(List<Violation> violations) {
        super("invalid request: " + violations.stream().map(Violation::field).toList());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
