package org.customervault.infra.kafka;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.customervault.domain.customer.api.CustomerErasedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a published record says of its customer as of that record ({@link CustomerMarks}). Folded from the customer's
 * events as they are published, in table {@code publication_marks}, within the publication's transaction: the marks
 * move with the publication's token, so a record sent again after a failed batch carries what it carried the first
 * time.
 *
 * <p>A customer's row is trusted only to follow the very event it was last folded with ({@code last_sequence}). Any
 * other event — the customer's first since an upgrade that found the table empty or the row from before this column,
 * or one published again after the publication's token went back — is marked from the customer's history instead:
 * its earlier events, read from the event store as stored (type and plain {@code purpose} only, nothing decrypted).
 * A row that cannot be trusted is never read as "nothing consented, not restricted".
 */
public final class PublicationMarks {

    private static final String CUSTOMER_AGGREGATE = "Customer";

    private static final String READ = """
            SELECT granted, objected, restricted, last_sequence FROM publication_marks WHERE customer_id = ?""";
    private static final String WRITE = """
            INSERT INTO publication_marks (customer_id, granted, objected, restricted, last_sequence)
            VALUES (?, ?::varchar[], ?::varchar[], ?, ?)
            ON CONFLICT (customer_id) DO UPDATE SET granted = EXCLUDED.granted, objected = EXCLUDED.objected,
                restricted = EXCLUDED.restricted, last_sequence = EXCLUDED.last_sequence""";
    private static final String HISTORY = """
            SELECT payloadtype, payload FROM domainevententry
            WHERE aggregateidentifier = ? AND type = ? AND sequencenumber < ? AND payloadtype = ANY (?)
            ORDER BY sequencenumber""";
    private static final String FORGET = """
            DELETE FROM publication_marks WHERE customer_id = ?""";
    private static final String FORGET_ALL = """
            TRUNCATE publication_marks""";

    private final JdbcTemplate jdbc;

    public PublicationMarks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Folds in the customer's event at {@code sequence}, stored as {@code storedPayload} of type {@code payloadType},
     * and answers the marks after it; none after the erasure, which forgets the customer.
     */
    CustomerMarks after(String customerId, long sequence, String payloadType, byte[] storedPayload) {
        UUID customer = UUID.fromString(customerId);
        if (CustomerErasedEvent.class.getName().equals(payloadType)) {
            jdbc.update(FORGET, customer);
            return CustomerMarks.NONE;
        }
        CustomerMarks marks = before(customerId, customer, sequence).after(payloadType, storedPayload);
        jdbc.update(WRITE, customer, marks.granted().toArray(String[]::new), marks.objected().toArray(String[]::new),
                marks.restricted(), sequence);
        return marks;
    }

    /** Forgets every customer's marks: the publication starts again from the beginning of the event store. */
    void forgetAll() {
        jdbc.execute(FORGET_ALL);
    }

    private CustomerMarks before(String customerId, UUID customer, long sequence) {
        List<Folded> rows = jdbc.query(READ, (row, n) -> new Folded(
                new CustomerMarks(strings(row.getArray("granted")), strings(row.getArray("objected")),
                        row.getBoolean("restricted")),
                row.getObject("last_sequence", Long.class)), customer);
        if (!rows.isEmpty() && rows.get(0).lastSequence() != null && rows.get(0).lastSequence() == sequence - 1) {
            return rows.get(0).marks();
        }
        return sequence == 0 ? CustomerMarks.NONE : history(customerId, sequence);
    }

    /** The marks after the customer's events before {@code sequence}, folded from the event store as stored. */
    private CustomerMarks history(String customerId, long sequence) {
        CustomerMarks[] marks = {CustomerMarks.NONE};
        jdbc.query(HISTORY, row -> {
            marks[0] = marks[0].after(row.getString("payloadtype"), row.getBytes("payload"));
        }, customerId, CUSTOMER_AGGREGATE, sequence, CustomerMarks.MARKING_TYPES.toArray(String[]::new));
        return marks[0];
    }

    private static Set<String> strings(Array array) throws SQLException {
        return Set.copyOf(Arrays.stream((Object[]) array.getArray()).map(String.class::cast).toList());
    }

    private record Folded(CustomerMarks marks, Long lastSequence) {
    }
}
