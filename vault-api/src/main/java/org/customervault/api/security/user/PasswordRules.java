package org.customervault.api.security.user;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.customervault.domain.customer.InvalidCustomerDataException.Violation;

/**
 * What a managed user's password must be. At least 12 characters; at most 72 bytes, because bcrypt
 * ignores whatever follows them, so a longer password would not be what it seems; not the user's
 * name. A violation names the rule, never the password.
 */
final class PasswordRules {

    static final int MINIMUM_LENGTH = 12;
    static final int MAXIMUM_BYTES = 72;

    private PasswordRules() {
    }

    static void check(String password, String name, List<Violation> violations) {
        if (password == null || password.codePointCount(0, password.length()) < MINIMUM_LENGTH) {
            violations.add(new Violation("password", "is required: at least " + MINIMUM_LENGTH + " characters"));
        } else if (password.getBytes(StandardCharsets.UTF_8).length > MAXIMUM_BYTES) {
            violations.add(new Violation("password", "must be at most " + MAXIMUM_BYTES + " bytes in UTF-8"));
        } else if (password.isBlank()
                || (name != null && password.toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT)))) {
            violations.add(new Violation("password", "must not be blank or contain the user's name"));
        }
    }
}
