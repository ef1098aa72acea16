package org.customervault.api.compliance;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.customervault.domain.customer.PostalAddress;
import org.customervault.domain.customer.Preferences;
import org.customervault.domain.customer.api.CustomerView;

/**
 * The customer as their history says they were at a moment: the registration's fields as last
 * rectified, the status, whether a legal hold stood, each purpose's latest consent (the 360 view's shape) and how many purchases.
 * Once the customer is erased, the personal texts and the birth date read {@code "erased"}, address
 * and preferences are absent, and the status is {@code ERASED}.
 */
@Schema(name = "StateAsOf")
public record StateAsOf(
        @Schema(description = "Personal; \"erased\" once erased", example = "Ana Example") String fullName,
        @Schema(description = "Personal; \"erased\" once erased", example = "ana@example.com") String email,
        @Schema(description = "Personal; \"erased\" once erased", example = "+5491100000000") String phone,
        @Schema(description = "Personal; \"erased\" once erased", example = "00-00000000-0") String nationalId,
        @Schema(description = "Personal; an ISO date, or \"erased\" once erased", pattern = HistoryEventData.DATE_OR_ERASED,
                example = "1980-01-31") String birthDate,
        @Schema(description = "Personal; absent once erased") PostalAddress address,
        @Schema(description = "Personal; absent once erased") Preferences preferences,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Status status,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "A legal hold stood at that moment")
        boolean legalHold,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The latest consent per purpose, by purpose")
        List<CustomerView.Consent> consents,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "0") long purchaseCount) {

    /** {@code ERASED} from the erasure's request on: the 360 view answers 410 from then. */
    public enum Status { ACTIVE, RESTRICTED, ERASED }
}
