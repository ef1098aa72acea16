package org.customervault.projections.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.axonframework.queryhandling.QueryHandler;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.customer.api.CustomerSummaryPage;
import org.customervault.domain.customer.api.CustomerView;
import org.customervault.domain.customer.api.FetchCustomerSummariesQuery;
import org.customervault.domain.customer.api.FetchCustomerViewQuery;
import org.customervault.domain.customer.api.FetchCustomerViewVersionQuery;
import org.customervault.domain.customer.api.FetchRefusedPurposesQuery;
import org.customervault.domain.customer.api.RefusedPurposes;
import org.springframework.jdbc.core.JdbcTemplate;

/** The queries the customer 360 view answers: a customer's view, its version, and the customer list and search. */
public class CustomerViewQueries {

    static final int RECENT_INTERACTIONS = 10;

    /** One round trip: the row and its children, the children as JSON arrays built by PostgreSQL. */
    private static final String VIEW = """
            SELECT v.*,
              (SELECT coalesce(json_agg(json_build_object('purpose', c.purpose, 'granted', c.granted,
                      'noticeVersion', c.notice_version, 'noticeSha256', c.notice_sha256, 'channel', c.channel,
                      'at', c.changed_at) ORDER BY c.purpose), '[]')
                 FROM customer_consent c WHERE c.customer_id = v.customer_id) AS consents,
              (SELECT coalesce(json_agg(json_build_object('purpose', o.purpose, 'at', o.objected_at) ORDER BY o.purpose),
                      '[]')
                 FROM customer_objection o WHERE o.customer_id = v.customer_id) AS objections,
              (SELECT coalesce(json_agg(json_build_object('currency', t.currency, 'count', t.purchase_count,
                      'amount', t.total) ORDER BY t.currency), '[]')
                 FROM customer_purchase_total t WHERE t.customer_id = v.customer_id) AS totals,
              (SELECT coalesce(json_agg(json_build_object('id', i.interaction_id, 'channel', i.channel,
                      'summary', i.summary, 'occurredAt', i.occurred_at) ORDER BY i.occurred_at DESC, i.interaction_id), '[]')
                 FROM (SELECT * FROM customer_interaction WHERE customer_id = v.customer_id
                       ORDER BY occurred_at DESC, interaction_id LIMIT ?) i) AS interactions
            FROM customer_view v WHERE v.customer_id = ?""";

    private static final String REFUSED_PURPOSES = """
            SELECT purpose FROM customer_objection WHERE customer_id = ?
            UNION
            SELECT purpose FROM customer_consent WHERE customer_id = ? AND NOT granted""";

    private static final String VERSION = """
            SELECT version FROM customer_view WHERE customer_id = ?""";

    private final JdbcTemplate jdbc;
    private final CustomerViewRows rows;
    private final BlindIndexKeys keys;
    private final CustomerListing listing;

    public CustomerViewQueries(JdbcTemplate jdbc, SubjectCipher cipher, BlindIndexKeys keys) {
        this(jdbc, cipher, keys, CustomerListing.Limits.DEFAULT);
    }

    /** With the search's limits given: tests make them small to reach each of its ways with few customers. */
    CustomerViewQueries(JdbcTemplate jdbc, SubjectCipher cipher, BlindIndexKeys keys, CustomerListing.Limits limits) {
        this.jdbc = jdbc;
        this.rows = new CustomerViewRows(cipher);
        this.keys = keys;
        this.listing = new CustomerListing(jdbc, rows, limits);
    }

    @QueryHandler
    public Optional<CustomerView> handle(FetchCustomerViewQuery query) {
        return jdbc.query(VIEW, rows::view, RECENT_INTERACTIONS, query.customerId().uuid()).stream().findFirst();
    }

    /** The view's version (the sequence number of the last event applied), -1 when there is no view. */
    @QueryHandler
    public Long handle(FetchCustomerViewVersionQuery query) {
        return jdbc.query(VERSION, (row, n) -> row.getLong(1), query.customerId().uuid())
                .stream().findFirst().orElse(-1L);
    }

    @QueryHandler
    public RefusedPurposes handle(FetchRefusedPurposesQuery query) {
        return new RefusedPurposes(Set.copyOf(jdbc.queryForList(REFUSED_PURPOSES, String.class,
                query.customerId().uuid(), query.customerId().uuid())));
    }

    @QueryHandler
    public CustomerSummaryPage handle(FetchCustomerSummariesQuery query) {
        String q = query.q() == null ? "" : query.q().trim();
        if (q.isEmpty()) {
            return listing.page(query, null);
        }
        List<SearchTokens.Token> exact = new ArrayList<>();
        List<List<byte[]>> wordsByVersion = new ArrayList<>();
        for (BlindIndexKeys.Version version : keys.searchable()) {
            exact.addAll(version.tokens().exactOf(q, query.searchBy()));
            wordsByVersion.add(version.tokens().wordsOf(q, query.searchBy()).stream().map(SearchTokens.Token::value).toList());
        }
        if (exact.isEmpty() && wordsByVersion.stream().allMatch(List::isEmpty)) {
            return new CustomerSummaryPage(List.of(), 0, null);
        }
        String[] exactKinds = exact.stream().map(SearchTokens.Token::kind).distinct().toArray(String[]::new);
        byte[][] exactTokens = exact.stream().map(SearchTokens.Token::value).toArray(byte[][]::new);
        return listing.page(query, new CustomerListing.Search(exactKinds, exactTokens, wordsByVersion));
    }
}
