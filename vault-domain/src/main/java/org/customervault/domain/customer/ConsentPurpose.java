package org.customervault.domain.customer;

import java.util.regex.Pattern;

/** What a consent's purpose may be named: a code, so that it can name a filter or a path without escaping. */
public final class ConsentPurpose {

    public static final String RULE = "must be 1 to 64 lowercase letters, digits or . _ -";
    private static final Pattern CODE = Pattern.compile("^[a-z0-9][a-z0-9_.-]{0,63}$");

    private ConsentPurpose() {
    }

    public static boolean isWellFormed(String purpose) {
        return purpose != null && CODE.matcher(purpose).matches();
    }
}
