package org.customervault.api.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.domain.customer.InvalidCustomerDataException;
import org.customervault.domain.customer.InvalidCustomerDataException.Violation;

/**
 * The API's validation messages by field, to show beside each input: the same rules as a 400 problem of the REST
 * API, which name the field and the rule, never the value sent, in the console's language ({@link FieldMessages}).
 */
public final class FieldErrors {

    private FieldErrors() {
    }

    /** The violations of the first validation failure in the chain of causes (Axon wraps what a handler threw). */
    public static Optional<Map<String, String>> of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidCustomerDataException invalid) {
                return Optional.of(byField(invalid.violations()));
            }
            if (cause instanceof InvalidRequestException invalid) {
                return Optional.of(byField(invalid.violations()));
            }
        }
        return Optional.empty();
    }

    /** A nested field (address.city) is shown beside its object; several messages for one field are joined. */
    public static Map<String, String> byField(List<Violation> violations) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (Violation violation : violations) {
            errors.merge(violation.field(), FieldMessages.inConsoleLanguage(violation.message()),
                    (first, next) -> first + "; " + next);
        }
        return errors;
    }
}
