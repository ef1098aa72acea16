package org.customervault.api.security;

import java.time.LocalDate;
import org.customervault.domain.customer.api.CustomerView;
import org.springframework.security.core.Authentication;

/**
 * What a caller may see of the most sensitive fields. An AGENT without another role sees the
 * national id as a fixed placeholder, the same for every customer, and the birth date as its year;
 * masking happens here, on the server, so the full value never reaches an agent's screen. The
 * placeholder shows no character and no length of the id: a suffix or a length narrows an id down
 * to a few thousand candidates, few enough to confirm by other means.
 */
public enum Masking {
    NONE, AGENT;

    /** What an AGENT sees in place of any national id. */
    public static final String MASKED_NATIONAL_ID = "********";

    /** What an AGENT sees in place of the name of a customer whose processing is restricted. */
    public static final String RESTRICTED_NAME = "(restricted)";

    public static Masking of(Authentication caller) {
        return seesAll(caller) ? NONE : AGENT;
    }

    /** Whether the caller has a role that sees and searches national ids (COMPLIANCE or ADMIN). */
    public static boolean seesAll(Authentication caller) {
        return caller.getAuthorities().stream().anyMatch(authority ->
                authority.getAuthority().equals("ROLE_" + Role.COMPLIANCE)
                        || authority.getAuthority().equals("ROLE_" + Role.ADMIN));
    }

    /**
     * Whether the customer's personal values are withheld altogether: from an AGENT, while processing is restricted
     * (GDPR Art. 18(2): restricted data is only stored, and processed only with consent, for legal claims or to
     * protect others; compliance, which handles those, still sees everything).
     */
    public boolean withholds(CustomerView.Status status) {
        return this == AGENT && status == CustomerView.Status.RESTRICTED;
    }

    public String nationalId(String nationalId) {
        return this == NONE || nationalId == null ? nationalId : MASKED_NATIONAL_ID;
    }

    public String birthDate(LocalDate birthDate) {
        if (birthDate == null) {
            return null;
        }
        return this == NONE ? birthDate.toString() : String.valueOf(birthDate.getYear());
    }
}
