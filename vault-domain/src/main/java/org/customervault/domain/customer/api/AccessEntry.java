package org.customervault.domain.customer.api;

import java.time.Instant;
import java.util.List;
import org.customervault.domain.customer.CustomerId;

/**
 * One read of personal data: who, when, how ({@code action}) and for what ({@code purpose}). A
 * search also names the kinds of token it compared ({@code searchedBy}, labels of
 * {@link SearchKind}), never its text; the entry for the search itself has no {@code subjectId},
 * and each customer it showed gets an entry of their own.
 */
public record AccessEntry(Instant at, String actor, CustomerId subjectId, String action, String purpose,
                          List<String> searchedBy) {

    public AccessEntry {
        searchedBy = searchedBy == null ? null : List.copyOf(searchedBy);
    }
}
