package org.customervault.api.snapshot;

import org.customervault.domain.customer.CustomerId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The customers' rows in Axon's snapshot table, beyond what Axon does with them: the erasure deletes
 * a customer's snapshots, and a snapshot being stored replaces any the customer has at or after its
 * place. Taking a snapshot and deleting a customer's snapshots hold the same per-customer lock until
 * their transactions end, so a snapshot taken while the customer is being erased is either deleted by
 * the erasure or never written (its customer's key is gone by then).
 */
@Component
public class CustomerSnapshots {

    /** Namespace of the per-customer advisory locks (the second key is the hash of the customer id). */
    private static final int LOCKS = 0x534e4150;

    private static final String HOLD = "SELECT pg_advisory_xact_lock(?, hashtext(?))";

    private static final String DELETE_ALL = """
            DELETE FROM snapshotevententry WHERE aggregateidentifier = ?""";

    private static final String DELETE_FROM = """
            DELETE FROM snapshotevententry WHERE aggregateidentifier = ? AND sequencenumber >= ?""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    CustomerSnapshots(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Deletes every snapshot of the customer, after a snapshot being taken for them is stored. */
    public void purge(CustomerId customer) {
        transaction.executeWithoutResult(status -> {
            hold(customer.value());
            jdbc.update(DELETE_ALL, customer.value());
        });
    }

    /** Takes the customer's snapshot lock until the current transaction ends. */
    void hold(String customerId) {
        jdbc.query(HOLD, (ResultSetExtractor<Void>) rows -> null, LOCKS, customerId);
    }

    /** Deletes the customer's snapshots at {@code sequence} or later, in the current transaction. */
    void deleteFrom(String customerId, long sequence) {
        jdbc.update(DELETE_FROM, customerId, sequence);
    }
}
