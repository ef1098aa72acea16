package org.customervault.projections.customer;

/**
 * A personal column of the customer view that an event sets alone, with its statements. A column's
 * name is an SQL identifier, which cannot be a parameter: each statement is written once, here, for
 * the columns listed, never from input.
 */
enum ViewColumn {
    FULL_NAME("full_name"), EMAIL("email"), PHONE("phone"), NATIONAL_ID("national_id"),
    BIRTH_DATE("birth_date"), ADDRESS("address"), PREFERENCES("preferences");

    final String name;
    /** Sets the column where the row moves to this event's version. */
    final String set;
    /**
     * Sets the column as {@link #set} does, only while the key version given is current; answers
     * how many current keys it found and how many rows it moved.
     */
    final String setUnderCurrentKey;

    ViewColumn(String name) {
        this.name = name;
        this.set = """
                UPDATE customer_view SET %s = ?, version = ?, updated_at = ?
                WHERE customer_id = ? AND version < ?""".formatted(name);
        this.setUnderCurrentKey = """
                WITH current_key AS (
                    SELECT version FROM blind_index_key WHERE version = ? AND state = ? FOR KEY SHARE),
                moved AS (
                    UPDATE customer_view SET %s = ?, version = ?, updated_at = ?
                    WHERE customer_id = ? AND version < ? AND EXISTS (SELECT 1 FROM current_key)
                    RETURNING customer_id)
                SELECT (SELECT count(*) FROM current_key), (SELECT count(*) FROM moved)""".formatted(name);
    }
}
