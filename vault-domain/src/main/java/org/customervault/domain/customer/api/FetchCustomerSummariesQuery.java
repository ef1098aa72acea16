package org.customervault.domain.customer.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.customervault.domain.customer.CustomerId;

/**
 * Asks for a page of customers, answered with a {@link CustomerSummaryPage}. {@code q} matches an
 * exact email, phone or national id, or every whole word of the name ignoring case and accents,
 * but only as the kinds in {@code searchBy} (the caller's role may exclude some); without
 * {@code q}, every customer. {@code status} and {@code consent} (a purpose's latest consent, granted or
 * withdrawn) narrow the list when not null. The page starts after {@code after} (the last
 * customer of the page before, in {@code sort}'s order) or, when it is null, at {@code offset}.
 *
 * @param refusing          when not null, the customers who refuse this purpose (objected to it, or withdrew
 *                          or refused consent) are left out
 * @param withoutRestricted the customers whose processing is restricted are left out
 */
public record FetchCustomerSummariesQuery(String q, Set<SearchKind> searchBy, CustomerView.Status status,
                                          ConsentFilter consent, CustomerListSort sort, Position after,
                                          long offset, int size, String refusing, boolean withoutRestricted) {

    /**
     * Where a page ended: the sorted-by instant of its last customer and its id; for a name sort,
     * which the database cannot do, the number of customers before the next page instead.
     */
    public record Position(Instant at, CustomerId id, long offset) {
    }

    public FetchCustomerSummariesQuery {
        searchBy = Set.copyOf(searchBy);
        Objects.requireNonNull(sort, "sort");
    }

    /** The first page of a search, most recently active first. */
    public static FetchCustomerSummariesQuery search(String q, Set<SearchKind> searchBy, int size) {
        return new FetchCustomerSummariesQuery(q, searchBy, null, null, CustomerListSort.LAST_ACTIVITY_NEWEST, null, 0, size,
                null, false);
    }
}
