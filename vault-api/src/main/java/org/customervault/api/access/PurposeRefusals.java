package org.customervault.api.access;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.queryhandling.QueryGateway;
import org.customervault.api.problem.PurposeRefusedException;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.FetchRefusedPurposesQuery;
import org.customervault.domain.customer.api.RefusedPurposes;
import org.springframework.stereotype.Component;

/**
 * Refuses a read of a customer's data for a purpose the customer objected to (GDPR Art. 21) or withdrew or refused
 * consent for (Art. 7(3)). The {@code Purpose} header names the purpose whose code its value starts with, in any case
 * and up to the first character a code cannot hold ({@code Marketing}, {@code marketing: spring campaign},
 * {@code marketing/email} and {@code marketing campaign} all name {@code marketing}); a header naming no code the
 * customer refused (or none at all) is not refused here.
 */
@Component
public class PurposeRefusals {

    /** The characters of a purpose's code (see {@code ConsentPurpose}), from the header's start. */
    private static final Pattern CODE = Pattern.compile("^[a-z0-9_.-]*");

    private final QueryGateway queries;

    PurposeRefusals(QueryGateway queries) {
        this.queries = queries;
    }

    /** @throws PurposeRefusedException when the checked header names a purpose the customer refuses */
    public void check(CustomerId customer, String purpose) {
        String code = codeOf(purpose);
        if (code == null) {
            return;
        }
        Set<String> refused = queries.query(new FetchRefusedPurposesQuery(customer), RefusedPurposes.class).join()
                .purposes();
        if (refused.contains(code)) {
            throw new PurposeRefusedException();
        }
    }

    /** The purpose's code a checked {@code Purpose} header names; null without a header or a code. */
    public static String codeOf(String purpose) {
        if (purpose == null) {
            return null;
        }
        Matcher code = CODE.matcher(purpose.strip().toLowerCase(Locale.ROOT));
        return code.find() && !code.group().isEmpty() ? code.group() : null;
    }
}
