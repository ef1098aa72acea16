package org.customervault.domain.customer.api;

import java.util.Set;

/**
 * Asks for a page of customers, answered with a {@link CustomerSummaryPage}. {@code q} matches an
 * exact email, phone or national id, or every whole word of the name ignoring case and accents,
 * but only as the kinds in {@code searchBy} (the caller's role may exclude some); without
 * {@code q}, every customer, most recently active first.
 */
public record FetchCustomerSummariesQuery(String q, Set<SearchKind> searchBy, int page, int size) {

    public FetchCustomerSummariesQuery {
        searchBy = Set.copyOf(searchBy);
    }
}
