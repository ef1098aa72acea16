package org.customervault.api.subjectrequest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.request.LegalTerm.DueDate;
import org.customervault.domain.request.RequestKind;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The requests' rows ({@code data_subject_request}) and their history
 * ({@code data_subject_request_event}). Every change is one statement that changes the row only from
 * the statuses the step starts from and appends the step to the history, so two nodes taking steps at
 * once cannot both succeed, and no step goes unrecorded.
 */
@Component
public class SubjectRequests {

    /** Open and past its due date in the jurisdiction's own calendar. */
    private static final String OVERDUE = """
            (status IN ('RECEIVED', 'VERIFIED', 'IN_PROGRESS') AND due_on < (now() AT TIME ZONE time_zone)::DATE)""";
    private static final String COLUMNS = """
            id, subject_id, key_subject, kind, jurisdiction, channel, status, legal_source, received_at, received_on,
            due_on, due_on_provisional, extended, requester, notes, created_at, created_by, verified_at, verified_by, verification_method,
            extension_reason, closed_at, closed_by, refusal_reason, evidence_type, evidence_ref,
            """ + OVERDUE + " AS overdue";

    private static final String INSERT = """
            WITH inserted AS (
                INSERT INTO data_subject_request (id, subject_id, key_subject, kind, jurisdiction, time_zone, channel,
                    status, legal_source, received_at, received_on, due_on, due_on_provisional, requester, notes, created_at,
                    created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'RECEIVED', ?, ?, ?, ?, ?, ?, ?, now(), ?)
                RETURNING id, created_at, created_by, status, due_on)
            INSERT INTO data_subject_request_event (request_id, at, actor, action, status, due_on)
            SELECT id, created_at, created_by, 'received', status, due_on FROM inserted""";
    /** Appends the step after {@code %s}, an UPDATE ... RETURNING id, status, due_on. */
    private static final String STEP = """
            WITH changed AS (%s RETURNING id, status, due_on)
            INSERT INTO data_subject_request_event (request_id, at, actor, action, status, due_on)
            SELECT id, now(), ?, ?, status, due_on FROM changed""";
    private static final String VERIFY = STEP.formatted("""
            UPDATE data_subject_request SET status = 'VERIFIED', verified_at = now(), verified_by = ?,
                verification_method = ?
            WHERE id = ? AND status = 'RECEIVED'""");
    private static final String START = STEP.formatted("""
            UPDATE data_subject_request SET status = 'IN_PROGRESS' WHERE id = ? AND status = 'VERIFIED'""");
    private static final String EXTEND = STEP.formatted("""
            UPDATE data_subject_request SET due_on = ?, due_on_provisional = ?, extended = TRUE, extension_reason = ?
            WHERE id = ? AND status IN ('RECEIVED', 'VERIFIED', 'IN_PROGRESS') AND NOT extended
              AND due_on >= (now() AT TIME ZONE time_zone)::DATE""");
    private static final String ANSWER = STEP.formatted("""
            UPDATE data_subject_request SET status = 'ANSWERED', closed_at = now(), closed_by = ?, evidence_type = ?,
                evidence_ref = ?
            WHERE id = ? AND status = 'IN_PROGRESS'""");
    private static final String REFUSE = STEP.formatted("""
            UPDATE data_subject_request SET status = 'REFUSED', closed_at = now(), closed_by = ?, refusal_reason = ?
            WHERE id = ? AND status IN ('RECEIVED', 'VERIFIED', 'IN_PROGRESS')""");

    /**
     * Shredded once: only a closed request that names no customer (its key is its own), recorded as a step
     * with the status and due date it keeps.
     */
    private static final String SHREDDED = STEP.formatted("""
            UPDATE data_subject_request SET requester_shredded_at = now()
            WHERE id = ? AND subject_id IS NULL AND status IN ('ANSWERED', 'REFUSED') AND requester_shredded_at IS NULL""");
    /** Closed before the moment given, naming no customer, not shredded yet: oldest first. */
    private static final String DUE_FOR_SHREDDING = """
            SELECT id, key_subject FROM data_subject_request
            WHERE subject_id IS NULL AND status IN ('ANSWERED', 'REFUSED') AND requester_shredded_at IS NULL
              AND closed_at < ?
            ORDER BY closed_at, id
            LIMIT ?""";
    private static final String COUNT_DUE_FOR_SHREDDING = """
            SELECT count(*) FROM data_subject_request
            WHERE subject_id IS NULL AND status IN ('ANSWERED', 'REFUSED') AND requester_shredded_at IS NULL
              AND closed_at < ?""";

    private static final String FIND = "SELECT " + COLUMNS + " FROM data_subject_request WHERE id = ?";
    private static final String HISTORY = """
            SELECT at, actor, action, status, due_on FROM data_subject_request_event WHERE request_id = ? ORDER BY id""";
    /** Overdue first, then by due date; after the cursor's (on time, due date, id) when one is given. */
    private static final String PAGE = """
            SELECT * FROM (SELECT %s, NOT %s AS on_time FROM data_subject_request) r
            WHERE status = ANY(?) AND (?::DATE IS NULL OR due_on < ?::DATE)
              AND (?::BOOLEAN IS NULL OR (on_time, due_on, id) > (?::BOOLEAN, ?::DATE, ?::UUID))
            ORDER BY on_time, due_on, id
            OFFSET ? LIMIT ?""".formatted(COLUMNS, OVERDUE);
    private static final String COUNT = """
            SELECT count(*) FROM (SELECT 1 FROM data_subject_request
                                  WHERE status = ANY(?) AND (?::DATE IS NULL OR due_on < ?::DATE) LIMIT ?) capped""";
    private static final String OVERDUE_IDS = """
            SELECT id FROM data_subject_request WHERE %s ORDER BY due_on, id LIMIT ?""".formatted(OVERDUE);
    private static final String COUNT_OVERDUE = "SELECT count(*) FROM data_subject_request WHERE " + OVERDUE;
    /** Open, not yet overdue, and due within the next {@code ?} days of the jurisdiction's calendar. */
    private static final String COUNT_DUE_SOON = """
            SELECT count(*) FROM data_subject_request
            WHERE status IN ('RECEIVED', 'VERIFIED', 'IN_PROGRESS')
              AND due_on >= (now() AT TIME ZONE time_zone)::DATE
              AND due_on <= (now() AT TIME ZONE time_zone)::DATE + ?::INTEGER""";

    /** An erased customer is one too: their events remain. */
    private static final String IS_CUSTOMER = """
            SELECT EXISTS (SELECT 1 FROM domainevententry WHERE aggregateidentifier = ?)""";

    private final JdbcTemplate jdbc;

    SubjectRequests(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The request to store; its personal values already sealed. */
    record NewRow(UUID id, UUID subjectId, String keySubject, RequestKind kind, String jurisdiction, String timeZone,
                  Channel channel, String legalSource, Instant receivedAt, LocalDate receivedOn, DueDate dueOn,
                  String sealedRequester, String sealedNotes, String createdBy) {
    }

    void insert(NewRow row) {
        jdbc.update(INSERT, row.id(), row.subjectId(), row.keySubject(), row.kind().value(), row.jurisdiction(),
                row.timeZone(), row.channel().name(), row.legalSource(), Timestamp.from(row.receivedAt()),
                Date.valueOf(row.receivedOn()), Date.valueOf(row.dueOn().day()), row.dueOn().provisional(),
                row.sealedRequester(), row.sealedNotes(),
                row.createdBy());
    }

    boolean isCustomer(UUID subject) {
        return Boolean.TRUE.equals(jdbc.queryForObject(IS_CUSTOMER, Boolean.class, subject.toString()));
    }

    Optional<StoredRequest> find(UUID id) {
        return jdbc.query(FIND, SubjectRequests::row, id).stream().findFirst();
    }

    List<Step> history(UUID id) {
        return jdbc.query(HISTORY, (row, index) -> new Step(row.getTimestamp("at").toInstant(), row.getString("actor"),
                row.getString("action"), RequestStatus.valueOf(row.getString("status")),
                row.getObject("due_on", LocalDate.class)), id);
    }

    boolean verify(UUID id, String actor, VerificationMethod method) {
        return jdbc.update(VERIFY, actor, method.name(), id, actor, "verified") == 1;
    }

    boolean start(UUID id, String actor) {
        return jdbc.update(START, id, actor, "started") == 1;
    }

    /** Once, while open and not yet overdue in the jurisdiction's calendar. */
    boolean extend(UUID id, String actor, DueDate dueOn, String sealedReason) {
        return jdbc.update(EXTEND, Date.valueOf(dueOn.day()), dueOn.provisional(), sealedReason, id, actor,
                "extended") == 1;
    }

    boolean answer(UUID id, String actor, EvidenceType evidence, String reference) {
        return jdbc.update(ANSWER, actor, evidence.name(), reference, id, actor, "answered") == 1;
    }

    boolean refuse(UUID id, String actor, String sealedReason) {
        return jdbc.update(REFUSE, actor, sealedReason, id, actor, "refused") == 1;
    }

    /** A closed request whose requester's key is due for destruction. */
    record DueForShredding(UUID id, String keySubject) {
    }

    List<DueForShredding> dueForShredding(Instant closedBefore, int limit) {
        return jdbc.query(DUE_FOR_SHREDDING, (row, index) -> new DueForShredding(row.getObject("id", UUID.class),
                row.getString("key_subject")), Timestamp.from(closedBefore), limit);
    }

    long countDueForShredding(Instant closedBefore) {
        return jdbc.queryForObject(COUNT_DUE_FOR_SHREDDING, Long.class, Timestamp.from(closedBefore));
    }

    /** Records that the request's key was destroyed; false if it was recorded already (by another node). */
    boolean shredded(UUID id, String actor) {
        return jdbc.update(SHREDDED, id, actor, "shredded") == 1;
    }

    /** Where a page starts: after this request's place in the order. */
    record Position(boolean onTime, LocalDate dueOn, UUID id) {
    }

    List<StoredRequest> page(List<RequestStatus> statuses, LocalDate dueBefore, Position after, long offset, int size) {
        Date before = dueBefore == null ? null : Date.valueOf(dueBefore);
        return jdbc.query(PAGE, SubjectRequests::row, names(statuses), before, before,
                after == null ? null : Boolean.valueOf(after.onTime()), after == null ? null : after.onTime(),
                after == null ? null : Date.valueOf(after.dueOn()), after == null ? null : after.id(), offset, size);
    }

    long count(List<RequestStatus> statuses, LocalDate dueBefore, long limit) {
        Date before = dueBefore == null ? null : Date.valueOf(dueBefore);
        return jdbc.queryForObject(COUNT, Long.class, names(statuses), before, before, limit);
    }

    long countOverdue() {
        return jdbc.queryForObject(COUNT_OVERDUE, Long.class);
    }

    long countDueWithin(int days) {
        return jdbc.queryForObject(COUNT_DUE_SOON, Long.class, days);
    }

    List<UUID> overdue(int limit) {
        return jdbc.queryForList(OVERDUE_IDS, UUID.class, limit);
    }

    private static String[] names(List<RequestStatus> statuses) {
        return statuses.stream().map(Enum::name).toArray(String[]::new);
    }

    /** One step of a request's history. */
    @Schema(name = "SubjectRequestStep")
    public record Step(Instant at, String actor, String action, RequestStatus status, LocalDate dueOn) {
    }

    /** A request's row; requester, notes and reasons still sealed. */
    record StoredRequest(UUID id, UUID subjectId, String keySubject, RequestKind kind, String jurisdiction,
                         Channel channel, RequestStatus status, String legalSource, Instant receivedAt,
                         LocalDate receivedOn, LocalDate dueOn, boolean dueOnProvisional, boolean extended,
                         boolean overdue,
                         String sealedRequester, String sealedNotes, Instant createdAt, String createdBy,
                         Instant verifiedAt, String verifiedBy, VerificationMethod verificationMethod,
                         String sealedExtensionReason, Instant closedAt, String closedBy, String sealedRefusalReason,
                         EvidenceType evidenceType, String evidenceReference) {

        Position position() {
            return new Position(!overdue, dueOn, id);
        }
    }

    private static StoredRequest row(ResultSet row, int index) throws SQLException {
        String method = row.getString("verification_method");
        String evidence = row.getString("evidence_type");
        return new StoredRequest(row.getObject("id", UUID.class), row.getObject("subject_id", UUID.class),
                row.getString("key_subject"), RequestKind.of(row.getString("kind")).orElseThrow(),
                row.getString("jurisdiction"), Channel.valueOf(row.getString("channel")),
                RequestStatus.valueOf(row.getString("status")), row.getString("legal_source"),
                instant(row.getTimestamp("received_at")), row.getObject("received_on", LocalDate.class),
                row.getObject("due_on", LocalDate.class), row.getBoolean("due_on_provisional"),
                row.getBoolean("extended"), row.getBoolean("overdue"),
                row.getString("requester"), row.getString("notes"), instant(row.getTimestamp("created_at")),
                row.getString("created_by"), instant(row.getTimestamp("verified_at")), row.getString("verified_by"),
                method == null ? null : VerificationMethod.valueOf(method), row.getString("extension_reason"),
                instant(row.getTimestamp("closed_at")), row.getString("closed_by"), row.getString("refusal_reason"),
                evidence == null ? null : EvidenceType.valueOf(evidence), row.getString("evidence_ref"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
