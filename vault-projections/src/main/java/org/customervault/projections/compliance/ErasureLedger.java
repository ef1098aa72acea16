package org.customervault.projections.compliance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
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

    private final JdbcTemplate jdbc;
    private final SigningKey signingKey;

    public ErasureLedger(JdbcTemplate jdbc, SigningKey signingKey) {
        this.jdbc = jdbc;
        this.signingKey = signingKey;
    }

    /** Opens the customer's erasure, unless one is already open or done. */
    public void begin(CustomerId subject, String requestedBy, Instant requestedAt) {
        jdbc.update("""
                INSERT INTO erasure_ledger (subject_id, status, requested_at, requested_by)
                VALUES (?, ?, ?, ?) ON CONFLICT (subject_id) DO NOTHING""",
                // to the microsecond, as PostgreSQL keeps it: the certificate signed is the one read back
                uuid(subject), PENDING, Timestamp.from(requestedAt.truncatedTo(ChronoUnit.MICROS)), requestedBy);
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
        jdbc.update("""
                UPDATE erasure_ledger SET status = ?, erased_at = ?, key_ids = ?, purged = ?, nodes = ?, signature = ?,
                    completion = nextval('erasure_ledger_completion')
                WHERE subject_id = ? AND status = ?""",
                COMPLETED, Timestamp.from(completed.erasedAt()), String.join(",", keyIds), String.join(",", purged),
                NodeEvictions.toJson(completed.nodes()),
                CompactJws.sign(signingKey, ErasureCertificate.SIGNED_TYPE, completed.canonicalForm()),
                uuid(subject), PENDING);
    }

    /**
     * Keeps what the erasure measured of the nodes on the pending certificate, unless a measurement
     * is kept already: the first complete one stands, so that an erasure finished again after a
     * crash certifies, signs and hashes the same certificate as the first attempt did.
     */
    public void measured(CustomerId subject, List<NodeEviction> nodes) {
        jdbc.update("UPDATE erasure_ledger SET nodes = ? WHERE subject_id = ? AND status = ? AND nodes IS NULL",
                NodeEvictions.toJson(nodes), uuid(subject), PENDING);
    }

    /** Which of these customers the ledger holds an erasure of, pending or completed. */
    public Set<CustomerId> known(Collection<CustomerId> subjects) {
        UUID[] ids = subjects.stream().map(ErasureLedger::uuid).toArray(UUID[]::new);
        return jdbc.queryForList("SELECT subject_id FROM erasure_ledger WHERE subject_id = ANY(?)", String.class,
                (Object) ids).stream().map(CustomerId::of).collect(Collectors.toUnmodifiableSet());
    }

    public Optional<ErasureCertificate> find(CustomerId subject) {
        return jdbc.query("SELECT * FROM erasure_ledger WHERE subject_id = ?", this::certificate, uuid(subject))
                .stream().findFirst();
    }

    public List<CustomerId> pending() {
        return jdbc.query("SELECT subject_id FROM erasure_ledger WHERE status = ? ORDER BY requested_at",
                (row, n) -> CustomerId.of(row.getString(1)), PENDING);
    }

    public List<ErasureCertificate> page(int page, int size) {
        return jdbc.query("SELECT * FROM erasure_ledger ORDER BY requested_at DESC, subject_id LIMIT ? OFFSET ?",
                this::certificate, size, (long) page * size);
    }

    private ErasureCertificate certificate(ResultSet row, int rowNumber) throws SQLException {
        Timestamp erasedAt = row.getTimestamp("erased_at");
        return new ErasureCertificate(CustomerId.of(row.getString("subject_id")),
                row.getTimestamp("requested_at").toInstant(), row.getString("requested_by"),
                erasedAt == null ? null : erasedAt.toInstant(), list(row.getString("key_ids")),
                list(row.getString("purged")), NodeEvictions.fromJson(row.getString("nodes")), row.getString("signature"));
    }

    private static List<String> list(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static UUID uuid(CustomerId id) {
        return UUID.fromString(id.value());
    }
}
