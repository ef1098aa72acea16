package org.customervault.api.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.customervault.domain.customer.InvalidCustomerDataException.Violation;

/** Roles as requests name them: at least one, each one of {@link Role}'s names, in any case. */
public final class RoleNames {

    private static final String KNOWN = Arrays.stream(Role.values()).map(Role::name).collect(Collectors.joining(", "));

    private RoleNames() {
    }

    /** The roles named, without repeats; a violation of {@code field} instead if any name is unknown or none is given. */
    public static List<Role> parse(String field, List<String> names, List<Violation> violations) {
        if (names == null || names.isEmpty()) {
            violations.add(new Violation(field, "is required: one or more of " + KNOWN));
            return List.of();
        }
        List<Role> roles = new ArrayList<>();
        for (String name : names) {
            Role role = name == null ? null : Arrays.stream(Role.values())
                    .filter(known -> known.name().equals(name.trim().toUpperCase(Locale.ROOT))).findFirst().orElse(null);
            if (role == null) {
                violations.add(new Violation(field, "names a role that does not exist; use " + KNOWN));
                return List.of();
            }
            if (!roles.contains(role)) {
                roles.add(role);
            }
        }
        return List.copyOf(roles);
    }

    /** The roles as a column of names stores them. */
    public static String[] column(List<Role> roles) {
        return roles.stream().map(Role::name).distinct().toArray(String[]::new);
    }
}
