package org.customervault.infra.integrity;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * The four logs under a hash chain, each with how its rows are named, placed and hashed. A row's
 * hash covers every stored column, in a fixed order; its key names it (an event's identifier, an
 * access-log entry's id, a certificate's subject, a request step's id) and its place is where it
 * stands in its table (the global index, the id, the completion number, the id).
 */
public enum ChainedLog {

    EVENTS("events", "domainevententry", "r.eventidentifier", "r.globalindex", "r.eventidentifier = l.row_key", """
            r.globalindex, r.eventidentifier, r.aggregateidentifier, r.sequencenumber, r.type, r.timestamp,
            r.payloadtype, r.payloadrevision, r.payload, r.metadata""") {
        @Override
        byte[] rowHash(ResultSet row) throws SQLException {
            return rowInput()
                    .number(row.getObject("globalindex", Long.class))
                    .text(row.getString("eventidentifier"))
                    .text(row.getString("aggregateidentifier"))
                    .number(row.getObject("sequencenumber", Long.class))
                    .text(row.getString("type"))
                    .text(row.getString("timestamp"))
                    .text(row.getString("payloadtype"))
                    .text(row.getString("payloadrevision"))
                    .bytes(row.getBytes("payload"))
                    .bytes(row.getBytes("metadata"))
                    .hash();
        }
    },

    /** The id is both key and place: an entry has no other name. */
    ACCESS_LOG("accessLog", "access_log", "r.id::text", "r.id", "r.id = l.row_place", """
            r.id, r.at, r.actor, r.subject_id, r.action, r.purpose, r.searched_by""") {
        @Override
        byte[] rowHash(ResultSet row) throws SQLException {
            return rowInput()
                    .number(row.getObject("id", Long.class))
                    .time(row.getTimestamp("at"))
                    .text(row.getString("actor"))
                    .text(row.getString("subject_id"))
                    .text(row.getString("action"))
                    .text(row.getString("purpose"))
                    .texts(texts(row.getArray("searched_by")))
                    .hash();
        }
    },

    /** Only completed certificates have a place: a certificate is chained in its final state. */
    ERASURE_LEDGER("erasureLedger", "erasure_ledger", "r.subject_id::text", "r.completion",
            "r.subject_id::text = l.row_key", """
            r.subject_id, r.status, r.requested_at, r.requested_by, r.erased_at, r.key_ids, r.purged, r.nodes,
            r.signature, r.completion""") {
        @Override
        byte[] rowHash(ResultSet row) throws SQLException {
            return rowInput()
                    .text(row.getString("subject_id"))
                    .text(row.getString("status"))
                    .time(row.getTimestamp("requested_at"))
                    .text(row.getString("requested_by"))
                    .time(row.getTimestamp("erased_at"))
                    .texts(texts(row.getArray("key_ids")))
                    .texts(texts(row.getArray("purged")))
                    .text(row.getString("nodes"))
                    .text(row.getString("signature"))
                    .number(row.getObject("completion", Long.class))
                    .hash();
        }
    },

    /**
     * Each step taken on a data subject's request: the proof that it was answered in time. The
     * request's own row changes status as it moves on, so it is not chained; its steps, appended
     * once each, are. The id is both key and place, as in the access log.
     */
    REQUEST_STEPS("requestSteps", "data_subject_request_event", "r.id::text", "r.id", "r.id = l.row_place", """
            r.id, r.request_id, r.at, r.actor, r.action, r.status, r.due_on""") {
        @Override
        byte[] rowHash(ResultSet row) throws SQLException {
            return rowInput()
                    .number(row.getObject("id", Long.class))
                    .text(row.getString("request_id"))
                    .time(row.getTimestamp("at"))
                    .text(row.getString("actor"))
                    .text(row.getString("action"))
                    .text(row.getString("status"))
                    .date(row.getObject("due_on", LocalDate.class))
                    .hash();
        }
    };

    private static final String ROW_DOMAIN = "customer-vault/integrity/row/v1";
    private static final String LINK_DOMAIN = "customer-vault/integrity/link/v1";

    private final String label;
    /** Rows not linked yet: past the highest place linked, or in a gap below it that may still fill. */
    final String unlinkedRows;
    /** Every link in chaining order, with the row it names as the table holds it now (NULLs if it is gone). */
    final String linksWithRows;
    /** The first row at or below a place that no link names. */
    final String firstUnlinkedRow;

    ChainedLog(String label, String table, String key, String place, String join, String columns) {
        this.label = label;
        this.unlinkedRows = """
                SELECT %s, %s AS found_key, %s AS found_place FROM %s r
                WHERE %s > ? OR %s = ANY(?) ORDER BY %s LIMIT ?""".formatted(columns, key, place, table, place, place, place);
        this.linksWithRows = """
                SELECT l.position, l.row_key, l.row_place, l.row_hash, l.link, %s AS found_key, %s AS found_place, %s
                FROM integrity_link l LEFT JOIN %s r ON %s
                WHERE l.log = ? ORDER BY l.position""".formatted(key, place, columns, table, join);
        this.firstUnlinkedRow = """
                SELECT %s FROM %s r
                WHERE %s <= ? AND NOT EXISTS (SELECT 1 FROM integrity_link l WHERE l.log = ? AND %s)
                ORDER BY %s LIMIT 1""".formatted(key, table, place, join, place);
    }

    /** A text array column's elements; null for SQL NULL. */
    private static String[] texts(Array column) throws SQLException {
        return column == null ? null : (String[]) column.getArray();
    }

    /** The log's name in the links table, in checkpoints and in reports. */
    public String label() {
        return label;
    }

    /** SHA-256 over every stored column of the row the result set stands on. */
    abstract byte[] rowHash(ResultSet row) throws SQLException;

    HashInput rowInput() {
        return new HashInput(ROW_DOMAIN).text(label);
    }

    /**
     * A link binds the log, its position, the link before it (empty before the first) and the row's
     * hash, so that a link moved to another position or log no longer matches.
     */
    byte[] link(long position, byte[] previous, byte[] rowHash) {
        return new HashInput(LINK_DOMAIN).text(label).number(position).bytes(previous).bytes(rowHash).hash();
    }
}
