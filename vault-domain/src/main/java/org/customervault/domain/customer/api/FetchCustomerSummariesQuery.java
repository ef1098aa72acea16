package org.customervault.domain.customer.api;

/**
 * Asks for a page of customers, answered with a {@link CustomerSummaryPage}. {@code q} matches an
 * exact email, phone or national id, or every whole word of the name ignoring case and accents;
 * without {@code q}, every customer, most recently active first.
 */
public record FetchCustomerSummariesQuery(String q, int page, int size) {
}
