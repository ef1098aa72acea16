package org.customervault.api.retention;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.customervault.api.cluster.OneNodeAtATime;
import org.customervault.api.background.BackgroundThread;
import org.customervault.api.erasure.ErasureProcess;
import org.customervault.domain.customer.LegalHoldException;
import org.customervault.projections.customer.InactiveCustomers;
import org.customervault.projections.customer.InactiveCustomers.Standing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases what the retention policies find due, through the erasure process, so every erasure gets its
 * signed certificate (naming the policy as who asked) and the same crash recovery as one asked for by a
 * person. Held customers, customers with an open data subject's request and restricted customers (unless the
 * policy is for restricted customers alone) are kept and counted, without
 * taking a place in a run's batch; customers whose view is behind their events are skipped and counted:
 * the inactivity is read from the 360 view, and a customer is erased only when the view shows all of them.
 *
 * <p>Every node looks every {@code run-every} (at most every minute) whether a run is due: one is when no run
 * started within the last {@code run-every}. One node runs at a time ({@link OneNodeAtATime}). It reads the
 * last start again under the lock, and writes its own start before it erases anything, so the node that takes the lock next sees it and waits for the next period.
 * PostgreSQL releases the lock when that node's connection ends, so a node that dies in the middle leaves
 * the next run to any other; what it had not erased is found due again.
 */
final class RetentionRun extends BackgroundThread {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionRun.class);
    /** The advisory lock of the node running retention: "retentio" in ASCII. */
    private static final long RUN_LOCK = 0x726574656e74696fL;
    private static final Duration LONGEST_LOOK = Duration.ofMinutes(1);
    /** At most this many erasures per policy per run; the rest fall due again at the next one. */
    static final int PER_RUN = 1_000;

    private final RetentionSettings settings;
    private final RetentionRuns runs;
    private final InactiveCustomers inactive;
    private final ErasureProcess erasure;
    private final DataSource dataSource;
    private final EventStore events;

    RetentionRun(RetentionSettings settings, RetentionRuns runs, InactiveCustomers inactive, ErasureProcess erasure,
                 DataSource dataSource, EventStore events) {
        super("retention-run", Integer.MAX_VALUE - 1, Duration.ofSeconds(30));
        this.settings = settings;
        this.runs = runs;
        this.inactive = inactive;
        this.erasure = erasure;
        this.dataSource = dataSource;
        this.events = events;
    }

    @Override
    protected boolean enabled() {
        return !settings.policies().isEmpty();
    }

    @Override
    protected void started() {
        every(settings.runEvery().compareTo(LONGEST_LOOK) < 0 ? settings.runEvery() : LONGEST_LOOK, this::runIfDue);
    }

    private void runIfDue() {
        try {
            if (!due()) {
                return;
            }
            // read the last start again under the lock: the node that held it may have run meanwhile
            OneNodeAtATime.run(dataSource, RUN_LOCK, () -> {
                if (due()) {
                    settings.policies().forEach(this::run);
                }
            });
        } catch (SQLException | RuntimeException e) {
            LOG.warn("retention run failed ({}); the next look tries again", e.getClass().getSimpleName());
        }
    }

    private boolean due() {
        return runs.lastStartedAt().map(last -> last.plus(settings.runEvery()).isBefore(Instant.now())).orElse(true);
    }

    private void run(RetentionSettings.Policy policy) {
        Instant startedAt = Instant.now();
        long id = runs.start(policy.name(), startedAt);
        Instant before = policy.inactivity().before(startedAt);
        Map<Standing, Long> standings = inactive.count(before, policy.statuses());
        // the due ones only: customers kept by a hold or an open request never hold a run's batch up
        List<InactiveCustomers.Inactive> due = inactive.since(before, policy.statuses(), Standing.DUE, PER_RUN);
        int erased = 0;
        int held = standings.get(Standing.HELD).intValue();
        int failed = 0;
        for (InactiveCustomers.Inactive customer : due) {
            if (events.lastSequenceNumberFor(customer.id().value()).orElse(-1L) > customer.version()) {
                // the view has not shown this customer's latest events yet, and one of them may be an activity
                failed++;
                continue;
            }
            try {
                if (erasure.erase(customer.id(), policy.requester(), customer.version()).completed()) {
                    erased++;
                } else {
                    // a node has not answered yet: the ledger keeps it pending, and the next start finishes it
                    failed++;
                }
            } catch (RuntimeException failure) {
                if (LegalHoldException.isCauseOf(failure)) {
                    held++;
                } else {
                    failed++;
                    LOG.warn("retention policy {} could not erase customer {} ({})", policy.name(), customer.id(),
                            failure.getClass().getSimpleName());
                }
            }
        }
        int openRequests = standings.get(Standing.OPEN_REQUEST).intValue();
        int restricted = standings.get(Standing.RESTRICTED).intValue();
        int found = standings.values().stream().mapToInt(Long::intValue).sum();
        runs.finish(id, Instant.now(), found, erased, held, openRequests, restricted, failed);
        LOG.info("retention policy {}: {} due, {} erased, {} held, {} kept for an open request, {} kept restricted, {}"
                + " failed", policy.name(), found, erased, held, openRequests, restricted, failed);
    }
}
