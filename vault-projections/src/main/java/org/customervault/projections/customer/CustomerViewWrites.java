package org.customervault.projections.customer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerView;

/**
 * What the customer view's event handlers do to a customer's rows, apart from where the rows are:
 * {@link CustomerViewStatements} writes each change to the database as its event is handled;
 * {@link CustomerViewFold} applies it to rows held in memory by a bulk rebuild, which writes each
 * customer's rows once. The handlers decide what changes and seal the values; both places get the
 * same sealed values and must give the same rows (a test compares them).
 *
 * <p>Every change to a row applies only where the row is behind the event's sequence number, so an
 * event delivered twice changes nothing; the children's changes follow a successful
 * {@link #advance}.
 */
interface CustomerViewWrites {

    /** A registration's row, its personal columns sealed. */
    record Registration(CustomerId id, long sequence, Instant at, String fullName, String email, String phone,
                        String nationalId, String birthDate, String address, String preferences) {
    }

    /** Empties the view. */
    void reset();

    /** Inserts the row unless it exists, with the search tokens made by {@code tokensOf}. */
    void register(Registration registration, Function<SearchTokens, List<SearchTokens.Token>> tokensOf);

    void setColumn(CustomerId id, ViewColumn column, String sealed, long sequence, Instant at);

    /** Sets a searchable column and replaces that field's ({@code kind}) search tokens by {@code tokensOf}'s. */
    void setIndexedColumn(CustomerId id, ViewColumn column, String sealed, long sequence, Instant at, String kind,
                          Function<SearchTokens, List<SearchTokens.Token>> tokensOf);

    void setStatus(CustomerId id, CustomerView.Status status, long sequence, Instant at);

    void setLegalHold(CustomerId id, boolean held, long sequence, Instant at);

    /** Moves the row to {@code sequence} if it is behind, its last activity forward; false when the event was already applied. */
    boolean advance(CustomerId id, long sequence, Instant at, Instant activityAt);

    void setConsent(CustomerId id, String purpose, boolean granted, String noticeVersion, String noticeSha256,
                    Channel channel, Instant at);

    /** Adds an objection unless one to the purpose is recorded. */
    void addObjection(CustomerId id, String purpose, Instant at);

    void removeObjection(CustomerId id, String purpose);

    /** Adds an interaction unless one with its id is recorded. */
    void addInteraction(CustomerId id, String interactionId, Channel channel, String sealedSummary, Instant occurredAt);

    /** Counts a purchase into the customer's total in its currency. */
    void addPurchase(CustomerId id, String currency, BigDecimal amount);

    /** Deletes the customer's row with its consents, totals, interactions and search tokens. */
    void purge(CustomerId id);
}
