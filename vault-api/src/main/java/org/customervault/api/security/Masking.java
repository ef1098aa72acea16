package org.customervault.api.security;

import java.time.LocalDate;
import org.springframework.security.core.Authentication;

/**
 * What a caller may see of the most sensitive fields. An AGENT without another role sees the
 * national id down to its last 4 characters and the birth date as its year; masking happens here,
 * on the server, so the full value never reaches an agent's screen.
 */
public enum Masking {
    NONE, AGENT;

    private static final int VISIBLE_ID_CHARACTERS = 4;

    public static Masking of(Authentication caller) {
        boolean seesAll = caller.getAuthorities().stream().anyMatch(authority ->
                authority.getAuthority().equals("ROLE_" + Role.COMPLIANCE)
                        || authority.getAuthority().equals("ROLE_" + Role.ADMIN));
        return seesAll ? NONE : AGENT;
    }

    public String nationalId(String nationalId) {
        if (this == NONE || nationalId == null) {
            return nationalId;
        }
        int length = nationalId.length();
        if (length <= VISIBLE_ID_CHARACTERS) {
            // showing the last 4 of a 4-character id would show all of it
            return "*".repeat(length);
        }
        return "*".repeat(length - VISIBLE_ID_CHARACTERS) + nationalId.substring(length - VISIBLE_ID_CHARACTERS);
    }

    public String birthDate(LocalDate birthDate) {
        if (birthDate == null) {
            return null;
        }
        return this == NONE ? birthDate.toString() : String.valueOf(birthDate.getYear());
    }
}
