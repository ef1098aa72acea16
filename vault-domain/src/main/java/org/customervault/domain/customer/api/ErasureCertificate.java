package org.customervault.domain.customer.api;

import java.time.Instant;
import java.util.List;
import org.customervault.domain.customer.CustomerId;

/**
 * The proof of an erasure: whose, when, at whose request, which keys were destroyed and which stores
 * were purged. {@code erasedAt} is {@code null} while the erasure is still under way.
 */
public record ErasureCertificate(CustomerId subjectId, Instant requestedAt, String requestedBy, Instant erasedAt,
                                 List<String> keyIds, List<String> purged) {

    public boolean completed() {
        return erasedAt != null;
    }
}
