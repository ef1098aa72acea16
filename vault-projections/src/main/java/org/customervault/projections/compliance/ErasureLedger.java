package org.customervault.projections.compliance;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.customervault.domain.crypto.CompactJws;
import org.customervault.domain.crypto.SigningKey;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.ErasureCertificate;
import org.customervault.domain.customer.api.NodeEviction;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The erasure ledger: a certificate per erased customer, pending until every store is purged, and
 * signed by the deployment's signing key as it is completed.
 */
public class ErasureLedger {

    private static final String PENDING = "PENDING";
    private static final String COMPLETED = "COMPLETED";

    private static final String BEGIN = """
            INSERT INTO erasure_ledger (subject_id, status, requested_at, requested_by)
            VALUES (?, ?, ?, ?) ON CONFLICT (subject_id) DO NOTHING""";

    private static final String COMPLETE = """
            UPDATE erasure_ledger SET status = ?, erased_at = ?, key_ids = ?, purged = ?, nodes = ?, signature = ?,
                completion = nextval('erasure_ledger_completion')
            WHERE subject_id = ? AND status = ?""";

    /** Only an erasure that nothing was done for yet: no node measured, so no key destroyed. */
    private static final String WITHDRAW = """
            DELETE FROM erasure_ledger WHERE subject_id = ? AND status = ? AND nodes IS NULL""";

    private static final String MEASURED = """
            UPDATE erasure_ledger SET nodes = ? WHERE subject_id = ? AND status = ? AND nodes IS NULL""";

    private static final String KNOWN = """
            SELECT subject_id FROM erasure_ledger WHERE subject_id = ANY (?)""";

    private static final String FIND = """
            SELECT * FROM erasure_ledger WHERE subject_id = ?""";

    private static final String PENDING_SUBJECTS = """
            SELECT subject_id FROM erasure_ledger WHERE status = ? ORDER BY requested_at""";

    /** Newest request first; parameters: the last certificate shown (or NULLs), then size and offset. */
    private static final String PAGE = """
            SELECT * FROM erasure_ledger
            WHERE (?::timestamptz IS NULL OR requested_at < ? OR (requested_at = ? AND subject_id > ?::uuid))
            ORDER BY requested_at DESC, subject_id LIMIT ? OFFSET ?""";

    private static final String COUNT = """
            SELECT count(*) FROM erasure_ledger""";

    private final JdbcTemplate jdbc;
    private final SigningKey signingKey;

    public ErasureLedger(JdbcTemplate jdbc, SigningKey signingKey) {
        this.jdbc = jdbc;
        this.signingKey = signingKey;
    }

    /** Opens the customer's erasure, unless one is already open or done. */
    public void begin(CustomerId subject, String requestedBy, Instant requestedAt) {
        jdbc.update(BEGIN,
                // to the microsecond, as PostgreSQL keeps it: the certificate signed is the one read back
                subject.uuid(), PENDING, Timestamp.from(requestedAt.truncatedTo(ChronoUnit.MICROS)), requestedBy);
    }

    /**
     * Completes the customer's pending certificate and signs it, in one statement: a completed
     * certificate is never without its signature. The signed time is the stored one, to the
     * microsecond, so the certificate read back is exactly the one signed. Its completion number
     * is its place in the ledger's hash chain, which links it from then on.
     */
    public void complete(CustomerId subject, List<String> keyIds, Instant erasedAt, List<String> purged,
                         List<NodeEviction> nodes) {
        Optional<ErasureCertificate> pending = find(subject).filter(certificate -> !certificate.completed());
        if (pending.isEmpty()) {
            return;
        }
        ErasureCertificate completed = pending.get().completedAt(erasedAt.truncatedTo(ChronoUnit.MICROS), keyIds, purged, nodes);
        jdbc.update(COMPLETE,
                COMPLETED, Timestamp.from(completed.erasedAt()), keyIds.toArray(String[]::new), purged.toArray(String[]::new),
                NodeEvictions.toJson(completed.nodes()),
                CompactJws.sign(signingKey, ErasureCertificate.SIGNED_TYPE, completed.canonicalForm()),
                subject.uuid(), PENDING);
    }

    /**
     * Removes a pending erasure the customer refused to start (a legal hold placed just before it): nothing
     * was erased, so there is nothing to certify, and a start must not finish it.
     */
    public void withdraw(CustomerId subject) {
        jdbc.update(WITHDRAW, subject.uuid(), PENDING);
    }

    /**
     * Keeps what the erasure measured of the nodes on the pending certificate, unless a measurement
     * is kept already: the first complete one stands, so that an erasure finished again after a
     * crash certifies, signs and hashes the same certificate as the first attempt did.
     */
    public void measured(CustomerId subject, List<NodeEviction> nodes) {
        jdbc.update(MEASURED, NodeEvictions.toJson(nodes), subject.uuid(), PENDING);
    }

    /** Which of these customers the ledger holds an erasure of, pending or completed. */
    public Set<CustomerId> known(Collection<CustomerId> subjects) {
        UUID[] ids = subjects.stream().map(CustomerId::uuid).toArray(UUID[]::new);
        return jdbc.queryForList(KNOWN, UUID.class, (Object) ids).stream()
                .map(CustomerId::new).collect(Collectors.toUnmodifiableSet());
    }

    public Optional<ErasureCertificate> find(CustomerId subject) {
        return jdbc.query(FIND, this::certificate, subject.uuid())
                .stream().findFirst();
    }

    public List<CustomerId> pending() {
        return jdbc.query(PENDING_SUBJECTS, (row, n) -> new CustomerId(row.getObject(1, UUID.class)), PENDING);
    }

    /** Where a page of the ledger ended: its last certificate's request instant and subject. */
    public record Position(Instant requestedAt, CustomerId subject) {
    }

    /** Certificates, newest request first, from just after {@code after} or, when it is null, from {@code offset}. */
    public List<ErasureCertificate> page(Position after, long offset, int size) {
        Timestamp requestedAt = after == null ? null : Timestamp.from(after.requestedAt());
        return jdbc.query(PAGE, this::certificate, requestedAt, requestedAt, requestedAt,
                after == null ? null : after.subject().uuid(), size, after == null ? offset : 0);
    }

    public long count() {
        return jdbc.queryForObject(COUNT, Long.class);
    }

    private ErasureCertificate certificate(ResultSet row, int rowNumber) throws SQLException {
        Timestamp erasedAt = row.getTimestamp("erased_at");
        return new ErasureCertificate(new CustomerId(row.getObject("subject_id", UUID.class)),
                row.getTimestamp("requested_at").toInstant(), row.getString("requested_by"),
                erasedAt == null ? null : erasedAt.toInstant(), list(row.getArray("key_ids")),
                list(row.getArray("purged")), NodeEvictions.fromJson(row.getString("nodes")), row.getString("signature"));
    }

    /** A pending certificate has no lists yet: it reads them as empty. */
    private static List<String> list(Array column) throws SQLException {
        return column == null ? List.of() : List.of((String[]) column.getArray());
    }
}
