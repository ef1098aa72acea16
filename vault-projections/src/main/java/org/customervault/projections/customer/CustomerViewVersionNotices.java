package org.customervault.projections.customer;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.customervault.domain.customer.api.CustomerViewVersionNotice;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Announces the versions the customer view reached ({@link CustomerViewVersionNotice}), once per
 * customer per batch, in the batch's own transaction just before it commits: PostgreSQL delivers a
 * {@code NOTIFY} only when its transaction commits, so no node hears of a version it could not yet
 * read, and a batch that rolls back announces nothing. The version announced is the one the row
 * holds then, not the one an event carried: an event delivered twice, or one for a customer whose
 * row is gone (erased), announces no version the view does not show. Outside a unit of work (a
 * handler called directly) the notice goes out at once.
 */
final class CustomerViewVersionNotices {

    private static final String NOTIFY = """
            SELECT count(pg_notify(?, customer_id::text || ':' || version))
            FROM customer_view WHERE customer_id = ANY (?::uuid[])""";

    private final JdbcTemplate jdbc;
    private final String pendingCustomers = "customers whose view version is announced by " + this;

    CustomerViewVersionNotices(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Announces {@code customer}'s view version when the current batch commits. */
    void changed(UUID customer) {
        if (CurrentUnitOfWork.isStarted()) {
            pending(CurrentUnitOfWork.get().root()).add(customer);
        } else {
            announce(Set.of(customer));
        }
    }

    private Set<UUID> pending(UnitOfWork<?> unitOfWork) {
        return unitOfWork.getOrComputeResource(pendingCustomers, name -> {
            Set<UUID> customers = new LinkedHashSet<>();
            unitOfWork.onPrepareCommit(committing -> announce(customers));
            return customers;
        });
    }

    private void announce(Set<UUID> customers) {
        if (!customers.isEmpty()) {
            jdbc.queryForObject(NOTIFY, Long.class, CustomerViewVersionNotice.CHANNEL, 
                    (Object) customers.stream().map(UUID::toString).toArray(String[]::new));
        }
    }
}
