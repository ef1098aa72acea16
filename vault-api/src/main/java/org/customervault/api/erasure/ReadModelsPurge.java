package org.customervault.api.erasure;

import org.customervault.domain.customer.CustomerId;
import org.customervault.projections.ErasurePurgeLock;
import org.customervault.projections.customer.CustomerViewProjection;
import org.customervault.projections.timeline.CustomerTimelineProjection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An erased customer's rows in the CRM read models (view with its search tokens, timeline) deleted in
 * one transaction that holds the {@link ErasurePurgeLock} exclusively: a bulk rebuild writing these
 * read models meanwhile either commits first, and its rows are deleted here, or writes after, and
 * finds the customer erased.
 */
@Component
class ReadModelsPurge {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final CustomerViewProjection customerView;
    private final CustomerTimelineProjection timeline;

    ReadModelsPurge(JdbcTemplate jdbc, PlatformTransactionManager transactions, CustomerViewProjection customerView,
                    CustomerTimelineProjection timeline) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.customerView = customerView;
        this.timeline = timeline;
    }

    /** Called once the customer's key is destroyed, so that a write waited for is one that asked before. */
    void purge(CustomerId customer) {
        transaction.executeWithoutResult(status -> {
            ErasurePurgeLock.holdForPurging(jdbc);
            customerView.purge(customer);
            timeline.purge(customer);
        });
    }
}
