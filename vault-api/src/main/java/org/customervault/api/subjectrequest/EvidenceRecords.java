package org.customervault.api.subjectrequest;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the vault recorded that an answer can point to: an export in the access log, one event of the
 * customer's in the event store. Only the type and the time of an event are read, never its payload,
 * so nothing is decrypted to check an answer.
 */
@Component
class EvidenceRecords {

    /** The export's own entry: same customer, same instant (the export stamps both), since the request. */
    private static final String EXPORT_LOGGED = """
            SELECT EXISTS (SELECT 1 FROM access_log
                           WHERE subject_id = ? AND action = 'customer.export' AND at = ? AND at >= ?)""";
    private static final String EVENT_AT_VERSION = """
            SELECT payloadtype, timestamp FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?""";

    private final JdbcTemplate jdbc;

    EvidenceRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the customer was exported at {@code exportedAt}, no earlier than {@code notBefore}. */
    boolean exported(UUID customer, Instant exportedAt, Instant notBefore) {
        return Boolean.TRUE.equals(jdbc.queryForObject(EXPORT_LOGGED, Boolean.class, customer,
                Timestamp.from(exportedAt), Timestamp.from(notBefore)));
    }

    /** The event that left the customer at this version (its sequence number): its type and when it was stored. */
    record RecordedEvent(String payloadType, Instant recordedAt) {
    }

    Optional<RecordedEvent> eventAt(UUID customer, long version) {
        return jdbc.query(EVENT_AT_VERSION, (row, index) -> new RecordedEvent(row.getString("payloadtype"),
                Instant.parse(row.getString("timestamp"))), customer.toString(), version).stream().findFirst();
    }
}
