package org.customervault.projections.timeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.queryhandling.QueryHandler;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.crypto.VaultJson;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.BirthDateRectifiedEvent;
import org.customervault.domain.customer.api.ConsentGrantedEvent;
import org.customervault.domain.customer.api.ConsentWithdrawnEvent;
import org.customervault.domain.customer.api.CustomerErasedEvent;
import org.customervault.domain.customer.api.CustomerErasureRequestedEvent;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.EmailRectifiedEvent;
import org.customervault.domain.customer.api.FetchCustomerTimelineQuery;
import org.customervault.domain.customer.api.FullNameRectifiedEvent;
import org.customervault.domain.customer.api.InteractionRecordedEvent;
import org.customervault.domain.customer.api.MetadataKeys;
import org.customervault.domain.customer.api.NationalIdRectifiedEvent;
import org.customervault.domain.customer.api.PhoneRectifiedEvent;
import org.customervault.domain.customer.api.PostalAddressRectifiedEvent;
import org.customervault.domain.customer.api.PreferencesRectifiedEvent;
import org.customervault.domain.customer.api.ObjectionWithdrawnEvent;
import org.customervault.domain.customer.api.ProcessingObjectedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictionLiftedEvent;
import org.customervault.domain.customer.api.PurchaseRecordedEvent;
import org.customervault.domain.customer.api.TimelinePage;
import org.customervault.projections.PersonalColumns;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A customer's timeline for the CRM's 360 screen: one row per event, keyed by the event's sequence
 * number so a redelivered event changes nothing. What a rectification changed is named, not
 * shown: the new value is in the profile, and old values belong to the compliance history. The
 * entries go to a {@link TimelineWrites}: the database, or a bulk rebuild's memory.
 */
@ProcessingGroup(CustomerTimelineProjection.PROCESSING_GROUP)
public class CustomerTimelineProjection {

    public static final String PROCESSING_GROUP = "customer-timeline";
    private static final String PERSONAL_PLACE = "customer_timeline.personal/";
    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {
    };

    /** Parameters: the customer, the last entry shown (or NULLs), size and offset. */
    private static final String PAGE = """
            SELECT sequence, kind, occurred_at, recorded_at, actor, details, personal FROM customer_timeline
            WHERE customer_id = ? AND (?::timestamptz IS NULL OR (occurred_at, sequence) < (?::timestamptz, ?::bigint))
            ORDER BY occurred_at DESC, sequence DESC LIMIT ? OFFSET ?""";

    private static final String COUNT = """
            SELECT count(*) FROM customer_timeline WHERE customer_id = ?""";

    private final JdbcTemplate jdbc;
    private final PersonalColumns personal;
    private final TimelineWrites entries;
    private final ObjectMapper json = VaultJson.objectMapper();

    public CustomerTimelineProjection(JdbcTemplate jdbc, SubjectCipher cipher) {
        this(jdbc, new TimelineStatements(jdbc), cipher);
    }

    /** @param jdbc where the queries read; the entries go to {@code entries} */
    CustomerTimelineProjection(JdbcTemplate jdbc, TimelineWrites entries, SubjectCipher cipher) {
        this.jdbc = jdbc;
        this.personal = new PersonalColumns(cipher);
        this.entries = entries;
    }

    @ResetHandler
    void reset() {
        entries.reset();
    }

    @EventHandler
    void on(CustomerRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        if (!event.personalDataErased()) {
            record(event.customerId(), sequence, "REGISTERED", at, at, actor, Map.of(), null);
        }
    }

    @EventHandler
    void on(FullNameRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        rectified(event.customerId(), sequence, at, actor, "fullName", event.fullName(), event.personalDataErased());
    }

    @EventHandler
    void on(EmailRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        rectified(event.customerId(), sequence, at, actor, "email", event.email(), event.personalDataErased());
    }

    @EventHandler
    void on(PhoneRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        rectified(event.customerId(), sequence, at, actor, "phone", event.phone(), event.personalDataErased());
    }

    @EventHandler
    void on(NationalIdRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        rectified(event.customerId(), sequence, at, actor, "nationalId", event.nationalId(), event.personalDataErased());
    }

    @EventHandler
    void on(BirthDateRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        rectified(event.customerId(), sequence, at, actor, "birthDate", event.birthDate(), event.personalDataErased());
    }

    @EventHandler
    void on(PostalAddressRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        rectified(event.customerId(), sequence, at, actor, "address", event.address(), event.personalDataErased());
    }

    @EventHandler
    void on(PreferencesRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        rectified(event.customerId(), sequence, at, actor, "preferences", event.preferences(), event.personalDataErased());
    }

    @EventHandler
    void on(InteractionRecordedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        if (event.personalDataErased()) {
            return;
        }
        record(event.customerId(), sequence, "INTERACTION", event.occurredAt(), at, actor,
                Map.of("interactionId", event.interactionId(), "channel", event.channel().name()),
                Map.of("summary", event.summary()));
    }

    @EventHandler
    void on(PurchaseRecordedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        record(event.customerId(), sequence, "PURCHASE", event.occurredAt(), at, actor,
                Map.of("purchaseId", event.purchaseId(), "orderRef", event.orderRef(),
                        "amount", event.amount().toPlainString(), "currency", event.currency()),
                null);
    }

    @EventHandler
    void on(ConsentGrantedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        record(event.customerId(), sequence, "CONSENT_GRANTED", at, at, actor,
                Map.of("purpose", event.purpose(), "noticeVersion", event.noticeVersion()), null);
    }

    @EventHandler
    void on(ConsentWithdrawnEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        record(event.customerId(), sequence, "CONSENT_WITHDRAWN", at, at, actor,
                Map.of("purpose", event.purpose(), "noticeVersion", event.noticeVersion()), null);
    }

    @EventHandler
    void on(ProcessingRestrictedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        if (event.personalDataErased()) {
            return;
        }
        record(event.customerId(), sequence, "PROCESSING_RESTRICTED", at, at, actor, Map.of(),
                event.reason() == null ? null : Map.of("reason", event.reason()));
    }

    @EventHandler
    void on(ProcessingRestrictionLiftedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        record(event.customerId(), sequence, "PROCESSING_RESTRICTION_LIFTED", at, at, actor, Map.of(), null);
    }

    @EventHandler
    void on(ProcessingObjectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        if (event.personalDataErased()) {
            return;
        }
        record(event.customerId(), sequence, "PROCESSING_OBJECTED", at, at, actor, Map.of("purpose", event.purpose()),
                event.reason() == null ? null : Map.of("reason", event.reason()));
    }

    @EventHandler
    void on(ObjectionWithdrawnEvent event, @SequenceNumber long sequence, @Timestamp Instant at,
            @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        record(event.customerId(), sequence, "OBJECTION_WITHDRAWN", at, at, actor, Map.of("purpose", event.purpose()),
                null);
    }

    @EventHandler
    void on(CustomerErasureRequestedEvent event) {
        purge(event.customerId());
    }

    @EventHandler
    void on(CustomerErasedEvent event) {
        purge(event.customerId());
    }

    /** Deletes the customer's timeline, also the entries of the batch being handled. */
    public void purge(CustomerId id) {
        entries.purge(id);
    }

    @QueryHandler
    public TimelinePage handle(FetchCustomerTimelineQuery query) {
        CustomerId id = query.customerId();
        FetchCustomerTimelineQuery.Position after = query.after();
        java.sql.Timestamp afterTime = after == null ? null : java.sql.Timestamp.from(after.occurredAt());
        List<TimelinePage.Entry> found = jdbc.query(PAGE, (row, n) -> entry(id, row, query.personalDetails()), id.uuid(),
                afterTime, afterTime, after == null ? null : after.sequence(),
                query.size() + 1, after == null ? query.offset() : 0);
        long total = jdbc.queryForObject(COUNT, Long.class, id.uuid());
        if (found.size() <= query.size()) {
            return new TimelinePage(found, total, null);
        }
        TimelinePage.Entry last = found.get(query.size() - 1);
        return new TimelinePage(List.copyOf(found.subList(0, query.size())), total,
                new FetchCustomerTimelineQuery.Position(last.occurredAt(), last.sequence()));
    }

    /** An erased rectification is not shown: its row would say the value was removed, which it was not. */
    private void rectified(CustomerId id, long sequence, Instant at, String actor, String field, Object newValue,
                           boolean erased) {
        if (erased) {
            return;
        }
        record(id, sequence, "RECTIFIED", at, at, actor, Map.of("field", field, "removed", newValue == null), null);
    }

    private void record(CustomerId id, long sequence, String kind, Instant occurredAt, Instant recordedAt,
                        String actor, Map<String, Object> details, Map<String, Object> personalDetails) {
        entries.record(new TimelineWrites.Entry(id.uuid(), sequence, kind, occurredAt, recordedAt, actor, write(details),
                personal.seal(id, PERSONAL_PLACE + sequence, personalDetails)));
    }

    private TimelinePage.Entry entry(CustomerId id, ResultSet row, boolean withPersonalDetails) throws SQLException {
        long sequence = row.getLong("sequence");
        Map<String, Object> details = new LinkedHashMap<>(read(row.getString("details")));
        Map<String, Object> personalDetails = withPersonalDetails
                ? personal.open(id, PERSONAL_PLACE + sequence, row.getString("personal"), Map.class) : null;
        if (personalDetails != null) {
            personalDetails.forEach((key, value) -> details.put((String) key, value));
        }
        return new TimelinePage.Entry(sequence, row.getString("kind"), row.getTimestamp("occurred_at").toInstant(),
                row.getTimestamp("recorded_at").toInstant(), row.getString("actor"), details);
    }

    private String write(Map<String, Object> details) {
        try {
            return json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write timeline details", e);
        }
    }

    private Map<String, Object> read(String details) {
        try {
            return json.readValue(details, DETAILS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read timeline details", e);
        }
    }
}
