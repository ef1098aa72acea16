package org.customervault.projections.customer;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How a search is answered without reading every customer who holds a common word: each name word's
 * customers are counted up to a cap (an index-only scan that stops there) and the rarest word of each key
 * version leads. When every version's leading word is rare, the matches are its customers that hold the
 * other words too, found in the index alone by intersecting the words' posting lists ({@link #holders});
 * otherwise the words are probed per customer, rarest first, so a probe fails as early as it can. The SQL
 * written here is made of constant text only; tokens are always parameters.
 *
 * <p>A customer matches by any one of the exact tokens (email, phone, national id), or by all of the
 * name-word tokens of one key version. A token is an HMAC keyed by its kind, so comparing tokens alone
 * never matches across kinds (the posting lists below are read by token alone, from an index that has
 * no kind); during a rotation a customer's name words are all of the old key or all of the new, so
 * each version's words are searched as a whole and a customer holds one of them.
 */
final class SearchPlan {

    /** A version's words with their capped counts, rarest first: the first leads. */
    record Words(List<byte[]> tokens, List<Integer> counted) {

        byte[] lead() {
            return tokens.get(0);
        }

        int leadCount() {
            return counted.get(0);
        }
    }

    /**
     * Counts each word's customers up to the cap given; one round trip for all the words. The index on
     * (token, customer_id) answers it without reading the table where its pages are all visible.
     */
    private static final String COUNTED = """
            SELECT (SELECT count(*) FROM (SELECT 1 FROM customer_search s WHERE s.token = w.token LIMIT ?) c)
            FROM unnest(?::bytea[]) WITH ORDINALITY AS w(token, n) ORDER BY w.n""";

    /** Customers holding one of the exact tokens, as many as the limit (null: all). */
    private static final String EXACT_CANDIDATES = """
            (SELECT customer_id FROM customer_search WHERE kind = ANY (?::varchar[]) AND token = ANY (?::bytea[])
             LIMIT ?::bigint)""";

    /** Customers holding a version's leading word, in the index's order, as many as the limit (null: all). */
    private static final String LEAD_CANDIDATES = """
            (SELECT customer_id FROM customer_search WHERE token = ? ORDER BY token, customer_id LIMIT ?::bigint)""";

    /** Customers holding a version's leading word. */
    private static final String LEAD_HOLDERS = """
            SELECT customer_id FROM customer_search WHERE token = ?""";

    /**
     * The customers given who also hold one more word: two index-only scans of posting lists, merged, or
     * the other word probed per customer given, whichever the planner finds cheaper for these tokens.
     */
    private static final String ALSO_HOLDING = """
            SELECT h.customer_id FROM (%s) h JOIN customer_search s ON s.customer_id = h.customer_id AND s.token = ?""";

    private static final String HOLDS_AN_EXACT_TOKEN = """
            EXISTS (SELECT 1 FROM customer_search s
                    WHERE s.customer_id = v.customer_id AND s.kind = ANY (?::varchar[]) AND s.token = ANY (?::bytea[]))""";

    /** The customer lacks none of the words; the words are tried in the order given, and the first one lacking ends it. */
    private static final String HOLDS_EVERY_WORD = """
            NOT EXISTS (SELECT 1 FROM unnest(?::bytea[]) AS w(token)
                        WHERE NOT EXISTS (SELECT 1 FROM customer_search s
                                          WHERE s.customer_id = v.customer_id AND s.kind = ? AND s.token = w.token))""";

    private final String[] exactKinds;
    private final byte[][] exactTokens;
    /** The customers the exact tokens hold, as counted (up to the cap each): an email may be shared by a family. */
    private final int exactHolders;
    /** Whether an exact token was counted only up to the cap: it is held by at least that many. */
    private final boolean exactCountedToTheCap;
    /** The versions whose every word some customer holds; a version with a word nobody holds matches nobody. */
    private final List<Words> versions;

    private SearchPlan(String[] exactKinds, byte[][] exactTokens, int exactHolders, boolean exactCountedToTheCap,
                       List<Words> versions) {
        this.exactKinds = exactKinds;
        this.exactTokens = exactTokens;
        this.exactHolders = exactHolders;
        this.exactCountedToTheCap = exactCountedToTheCap;
        this.versions = versions;
    }

    static SearchPlan of(JdbcTemplate jdbc, CustomerListing.Search search, int countCap) {
        List<byte[]> all = new ArrayList<>(List.of(search.exactTokens()));
        search.wordsByVersion().forEach(all::addAll);
        List<Integer> counts = all.isEmpty() ? List.of()
                : jdbc.queryForList(COUNTED, Integer.class, countCap, all.toArray(byte[][]::new));
        List<Integer> exactCounts = counts.subList(0, search.exactTokens().length);
        int exactHolders = exactCounts.stream().mapToInt(Integer::intValue).sum();
        List<Words> versions = new ArrayList<>();
        int at = search.exactTokens().length;
        for (List<byte[]> words : search.wordsByVersion()) {
            int from = at;
            at += words.size();
            if (words.isEmpty() || counts.subList(from, at).contains(0)) {
                continue;
            }
            List<Integer> order = IntStream.range(0, words.size()).boxed()
                    .sorted(Comparator.comparing(i -> counts.get(from + i))).toList();
            versions.add(new Words(order.stream().map(words::get).toList(),
                    order.stream().map(i -> counts.get(from + i)).toList()));
        }
        return new SearchPlan(search.exactKinds(), search.exactTokens(), exactHolders,
                exactCounts.stream().anyMatch(count -> count >= countCap), List.copyOf(versions));
    }

    /** No customer can match: no exact token held by anyone, and some word of every version held by nobody. */
    boolean matchesNobody() {
        return exactHolders == 0 && versions.isEmpty();
    }

    /**
     * The exact tokens, and every version's leading word, are each held by at most this many customers:
     * reading them all is cheap.
     */
    boolean leadsAtMost(int customers) {
        return exactHolders <= customers && versions.stream().allMatch(words -> words.leadCount() <= customers);
    }

    /**
     * Whether an exact token, or some version's leading word, was counted only up to the cap: it is held
     * by at least that many.
     */
    boolean leadCountedToTheCap(int countCap) {
        return exactCountedToTheCap || versions.stream().anyMatch(words -> words.leadCount() >= countCap);
    }

    /** How many customers the exact tokens and the leading words hold, as counted (up to the cap each). */
    long leadCustomers() {
        return exactHolders + versions.stream().mapToLong(Words::leadCount).sum();
    }

    /**
     * The share of {@code customers} expected to match, if words were held independently of each other:
     * the exact tokens' share, and for each version, the product of its words' shares. A word counted to the cap counts as the cap, so
     * that common words are never taken for more common than they are.
     */
    double expectedShare(long customers) {
        double share = Math.min(1, (double) exactHolders / customers);
        for (Words words : versions) {
            double product = 1;
            for (int counted : words.counted()) {
                product *= Math.min(1, (double) counted / customers);
            }
            share += product;
        }
        return Math.min(1, share);
    }

    /**
     * The customers who match, from the index alone, never reading a customer's row: those of the exact
     * tokens, and for each version the intersection of its words' posting lists, rarest word first. Meant
     * for when every version's rarest word is rare ({@link #leadsAtMost}): the answer is at most that many
     * customers per version. The statement is planned for its tokens at each run: a generic plan, which
     * the driver's server-side statements settle on after five runs, cannot tell a rare word from García,
     * and merging two rare words' lists is cheap where merging a rare one with García's is not.
     */
    UUID[] holders(JdbcTemplate jdbc) {
        List<Object> parameters = new ArrayList<>();
        List<String> parts = startingWithExact(EXACT_CANDIDATES, parameters);
        if (!parts.isEmpty()) {
            parameters.add(null);
        }
        for (Words words : versions) {
            String holding = LEAD_HOLDERS;
            parameters.add(words.lead());
            for (byte[] token : words.tokens().subList(1, words.tokens().size())) {
                holding = ALSO_HOLDING.formatted(holding);
                parameters.add(token);
            }
            parts.add(holding);
        }
        String sql = String.join("\nUNION\n", parts);
        return jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            new ArgumentPreparedStatementSetter(parameters.toArray()).setValues(statement);
            return statement;
        }, (row, n) -> row.getObject(1, UUID.class)).toArray(UUID[]::new);
    }

    /**
     * The condition a matching customer {@code v} meets, and its parameters added to those given: an
     * exact token, or every word of a version.
     */
    String condition(List<Object> parameters) {
        List<String> any = startingWithExact(HOLDS_AN_EXACT_TOKEN, parameters);
        for (Words words : versions) {
            any.add(HOLDS_EVERY_WORD);
            parameters.add(words.tokens().toArray(byte[][]::new));
            parameters.add(SearchTokens.NAME_WORD);
        }
        return "(" + String.join(" OR ", any) + ")";
    }

    /**
     * The customers who may match, as a subquery, and its parameters added to those given: those of the
     * exact tokens and of each version's leading word, at most {@code perLead} of the exact tokens' and of
     * each leading word's (null: all of them). Only the customers of the leading words are read, never those
     * of the others.
     */
    String candidates(List<Object> parameters, Integer perLead) {
        Long limit = perLead == null ? null : perLead.longValue();
        List<String> parts = startingWithExact(EXACT_CANDIDATES, parameters);
        if (!parts.isEmpty()) {
            parameters.add(limit);
        }
        for (Words words : versions) {
            parts.add(LEAD_CANDIDATES);
            parameters.add(words.lead());
            parameters.add(limit);
        }
        return String.join("\nUNION ALL\n", parts);
    }

    /**
     * The parts of a statement, to which each version's part is added: first the part given, on the exact
     * tokens, when there are any, its parameters added to those given.
     */
    private List<String> startingWithExact(String part, List<Object> parameters) {
        List<String> parts = new ArrayList<>();
        if (exactTokens.length > 0) {
            parts.add(part);
            parameters.add(exactKinds);
            parameters.add(exactTokens);
        }
        return parts;
    }
}
