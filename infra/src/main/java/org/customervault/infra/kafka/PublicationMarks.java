package org.customervault.infra.kafka;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.customervault.domain.customer.api.ConsentGrantedEvent;
import org.customervault.domain.customer.api.ConsentWithdrawnEvent;
import org.customervault.domain.customer.api.CustomerErasedEvent;
import org.customervault.domain.customer.api.ObjectionWithdrawnEvent;
import org.customervault.domain.customer.api.ProcessingObjectedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictionLiftedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a published record says of its customer as of that record: the purposes the customer allows (consent granted
 * and not objected to) and whether processing is restricted. Folded from the customer's events as they are published,
 * in table {@code publication_marks}, within the publication's transaction: the marks move with the publication's
 * token, so a record sent again after a failed batch carries what it carried the first time.
 */
public final class PublicationMarks {

    /** Marks of one customer: the purposes allowed, sorted, and the restriction. */
    public record Marks(List<String> allowedPurposes, boolean restricted) {
    }

    private static final String ENSURE = """
            INSERT INTO publication_marks (customer_id) VALUES (?) ON CONFLICT DO NOTHING""";
    private static final String GRANT = """
            UPDATE publication_marks SET granted = array_append(array_remove(granted, ?::varchar), ?::varchar)
            WHERE customer_id = ?""";
    private static final String UNGRANT = """
            UPDATE publication_marks SET granted = array_remove(granted, ?::varchar) WHERE customer_id = ?""";
    private static final String OBJECT = """
            UPDATE publication_marks SET objected = array_append(array_remove(objected, ?::varchar), ?::varchar)
            WHERE customer_id = ?""";
    private static final String UNOBJECT = """
            UPDATE publication_marks SET objected = array_remove(objected, ?::varchar) WHERE customer_id = ?""";
    private static final String RESTRICT = """
            UPDATE publication_marks SET restricted = ? WHERE customer_id = ?""";
    private static final String READ = """
            SELECT granted, objected, restricted FROM publication_marks WHERE customer_id = ?""";
    private static final String FORGET = """
            DELETE FROM publication_marks WHERE customer_id = ?""";

    private final JdbcTemplate jdbc;

    public PublicationMarks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Folds the event in and answers the marks after it; none after the erasure, which forgets the customer. */
    Marks after(DomainEventMessage<?> event, String payloadType) {
        UUID customer = UUID.fromString(event.getAggregateIdentifier());
        if (CustomerErasedEvent.class.getName().equals(payloadType)) {
            jdbc.update(FORGET, customer);
            return new Marks(List.of(), false);
        }
        jdbc.update(ENSURE, customer);
        if (ConsentGrantedEvent.class.getName().equals(payloadType)) {
            String purpose = ((ConsentGrantedEvent) event.getPayload()).purpose();
            jdbc.update(GRANT, purpose, purpose, customer);
        } else if (ConsentWithdrawnEvent.class.getName().equals(payloadType)) {
            jdbc.update(UNGRANT, ((ConsentWithdrawnEvent) event.getPayload()).purpose(), customer);
        } else if (ProcessingObjectedEvent.class.getName().equals(payloadType)) {
            String purpose = ((ProcessingObjectedEvent) event.getPayload()).purpose();
            jdbc.update(OBJECT, purpose, purpose, customer);
        } else if (ObjectionWithdrawnEvent.class.getName().equals(payloadType)) {
            jdbc.update(UNOBJECT, ((ObjectionWithdrawnEvent) event.getPayload()).purpose(), customer);
        } else if (ProcessingRestrictedEvent.class.getName().equals(payloadType)) {
            jdbc.update(RESTRICT, true, customer);
        } else if (ProcessingRestrictionLiftedEvent.class.getName().equals(payloadType)) {
            jdbc.update(RESTRICT, false, customer);
        }
        return jdbc.queryForObject(READ, (row, n) -> {
            TreeSet<String> allowed = new TreeSet<>(strings(row.getArray("granted")));
            allowed.removeAll(strings(row.getArray("objected")));
            return new Marks(List.copyOf(allowed), row.getBoolean("restricted"));
        }, customer);
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(String.class::cast).toList();
    }
}
