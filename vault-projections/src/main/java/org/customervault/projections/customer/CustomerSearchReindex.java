package org.customervault.projections.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.crypto.SubjectErasedException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Makes customers' search tokens again under the current blind-index key, from the 360 view's
 * encrypted columns opened with each customer's own key, so that a rotation needs neither the old
 * key nor the event store. A batch locks its customers' rows ({@code FOR UPDATE}) before it reads
 * them: a projection write to one of them either waits for the batch, and then replaces that
 * field's tokens under the current key itself, or the batch waits for it and reads the value it
 * wrote. Either way the tokens end up made from the newest value, never an older one. Every call
 * runs in the caller's transaction, so that the caller can record its progress in the same commit.
 *
 * <p>Opening a customer's columns needs their key, which the key store is asked for when it is not
 * cached (most customers, in a rotation): a round trip each, to the database or to Vault/OpenBao.
 * The customers of a batch are opened on several threads at once, so that the batch waits for those
 * round trips side by side rather than one after another, and holds its locks that much shorter.
 */
public final class CustomerSearchReindex {

    /** How many customers a call re-indexed, and the last of them in id order. */
    public record Batch(int customers, UUID last) {
    }

    /** No customer has it: customer ids are random (version 4) UUIDs. */
    private static final UUID BEFORE_EVERY_CUSTOMER = new UUID(0, 0);

    /** The next customers in id order, locked for the batch. */
    private static final String BATCH_AFTER = """
            SELECT customer_id, full_name, email, phone, national_id FROM customer_view
            WHERE customer_id > ? ORDER BY customer_id LIMIT ? FOR UPDATE""";

    /** These customers, locked for the batch. */
    private static final String BATCH_OF = """
            SELECT customer_id, full_name, email, phone, national_id FROM customer_view
            WHERE customer_id = ANY (?::uuid[]) ORDER BY customer_id FOR UPDATE""";

    private static final String STALE = """
            SELECT DISTINCT customer_id FROM customer_search WHERE key_version <> ? LIMIT ?""";

    /** The same lock as the projection's writes: the version cannot stop being current before the batch commits. */
    private static final String LOCK_CURRENT_KEY = """
            SELECT version FROM blind_index_key WHERE version = ? AND state = ? FOR KEY SHARE""";

    private static final String DELETE_TOKENS = """
            DELETE FROM customer_search WHERE customer_id = ANY (?::uuid[])""";

    private static final String INSERT_TOKENS = """
            INSERT INTO customer_search (customer_id, kind, token, key_version)
            SELECT t.customer_id, t.kind, t.token, ? FROM unnest(?::uuid[], ?::varchar[], ?::bytea[]) AS t(customer_id, kind, token)
            ON CONFLICT DO NOTHING""";

    private final JdbcTemplate jdbc;
    private final CustomerViewRows view;
    private final BlindIndexKeys keys;
    private final Executor opening;

    /** {@code opening} runs the opening of customers' columns, those of a batch side by side. */
    public CustomerSearchReindex(JdbcTemplate jdbc, SubjectCipher cipher, BlindIndexKeys keys, Executor opening) {
        this.jdbc = jdbc;
        this.view = new CustomerViewRows(cipher);
        this.keys = keys;
        this.opening = opening;
    }

    /** Re-indexes up to {@code limit} customers whose id follows {@code after} (null: from the first). */
    public Batch reindexAfter(UUID after, int limit) {
        List<CustomerViewRows.Searchable> rows = jdbc.query(BATCH_AFTER,
                view::searchable, after == null ? BEFORE_EVERY_CUSTOMER : after, limit);
        write(rows);
        return new Batch(rows.size(), rows.isEmpty() ? after : rows.get(rows.size() - 1).id());
    }

    /** Up to {@code limit} customers that still hold tokens of another key than the current one. */
    public List<UUID> stale(int limit) {
        return jdbc.queryForList(STALE,
                UUID.class, keys.currentVersion(), limit);
    }

    /** Re-indexes these customers; those no longer in the view are skipped (an erasure took their tokens with them). */
    public int reindex(List<UUID> customers) {
        List<CustomerViewRows.Searchable> rows = jdbc.query(BATCH_OF,
                view::searchable, (Object) customers.stream().map(UUID::toString).toArray(String[]::new));
        write(rows);
        return rows.size();
    }

    private void write(List<CustomerViewRows.Searchable> rows) {
        keys.refresh();
        BlindIndexKeys.Version version = keys.current();
        if (jdbc.queryForList(LOCK_CURRENT_KEY, Integer.class, version.number(), BlindIndexKeys.CURRENT).isEmpty()) {
            throw new IllegalStateException("blind-index key version " + version.number() + " is not the current one");
        }
        List<CompletableFuture<List<SearchTokens.Token>>> opened = rows.stream()
                .map(row -> CompletableFuture.supplyAsync(() -> view.tokensOf(row, version.tokens()), opening)).toList();
        List<String> owners = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<byte[]> tokens = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            for (SearchTokens.Token token : tokensOrNoneIfErased(opened.get(i))) {
                owners.add(rows.get(i).id().toString());
                kinds.add(token.kind());
                tokens.add(token.value());
            }
        }
        jdbc.update(DELETE_TOKENS,
                (Object) rows.stream().map(row -> row.id().toString()).toArray(String[]::new));
        jdbc.update(INSERT_TOKENS,
                version.number(), owners.toArray(String[]::new), kinds.toArray(String[]::new), tokens.toArray(byte[][]::new));
    }

    private static List<SearchTokens.Token> tokensOrNoneIfErased(CompletableFuture<List<SearchTokens.Token>> opened) {
        try {
            return opened.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SubjectErasedException) {
                // the key is gone and the erasure deletes the row next; its old tokens go now, no new ones come
                return List.of();
            }
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }
}
