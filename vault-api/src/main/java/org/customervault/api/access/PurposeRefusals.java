package org.customervault.api.access;

import java.util.Set;
import org.axonframework.queryhandling.QueryGateway;
import org.customervault.api.problem.PurposeRefusedException;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.FetchRefusedPurposesQuery;
import org.customervault.domain.customer.api.RefusedPurposes;
import org.springframework.stereotype.Component;

/**
 * Refuses a read of a customer's data for a purpose the customer objected to (GDPR Art. 21) or withdrew or refused
 * consent for (Art. 7(3)). The {@code Purpose} header names a purpose when its value is the purpose's code
 * ({@code marketing}) or starts with the code and a colon ({@code marketing: spring campaign}); a header naming no
 * code the customer refused (or none at all) is not refused here.
 */
@Component
public class PurposeRefusals {

    private final QueryGateway queries;

    PurposeRefusals(QueryGateway queries) {
        this.queries = queries;
    }

    /** @throws PurposeRefusedException when the checked header names a purpose the customer refuses */
    public void check(CustomerId customer, String purpose) {
        if (purpose == null) {
            return;
        }
        Set<String> refused = queries.query(new FetchRefusedPurposesQuery(customer), RefusedPurposes.class).join()
                .purposes();
        int colon = purpose.indexOf(':');
        String code = (colon < 0 ? purpose : purpose.substring(0, colon)).strip();
        if (refused.contains(code)) {
            throw new PurposeRefusedException();
        }
    }
}
