package org.customervault.api.subjectrequest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;
import org.customervault.api.background.BackgroundThread;
import org.customervault.api.cluster.OneNodeAtATime;
import org.customervault.domain.crypto.ErasedKeys;
import org.customervault.domain.crypto.SubjectKeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Destroys the key of a closed request that names no customer once it has been closed for longer than
 * {@code vault.requests.requester-kept-for}: its requester's contact, notes and reasons then read
 * {@code "erased"}, while its kind, dates, status, steps and evidence remain. A request that names a customer
 * is left alone: its values are sealed under the customer's key and go with the customer's erasure.
 *
 * <p>The key goes through the same key store as a customer's erasure, fence included, and the fence is kept
 * where a restore of the database cannot reach it ({@link SubjectKeyStore#certify}), so a restored backup
 * cannot open those values again. Each request is then marked and given a {@code shredded} step. Every
 * {@code shred-every} one node sweeps ({@link OneNodeAtATime}), at most {@link #PER_SWEEP} requests; a crash
 * between the key's destruction and the mark leaves the request due, and the next sweep destroys nothing
 * more and marks it. Each sweep logs one line of counts, and counts in {@code vault_requests_requester_shredded}
 * (tagged {@code outcome}: {@code shredded} or {@code failed}): nothing about who asked.
 */
@Component
class RequesterShredding extends BackgroundThread {

    /** Who the history names as having taken the step. */
    static final String ACTOR = "retention:requester-kept-for";
    /** The key subject of a request that names no customer, before its id (as the table's CHECK has it). */
    private static final String REQUEST_KEY = "request:";
    /** At most this many requests per sweep; the rest are found at the next one. */
    static final int PER_SWEEP = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(RequesterShredding.class);
    /** The advisory lock of the node sweeping: "reqshred" in ASCII. */
    private static final long SWEEP_LOCK = 0x7265717368726564L;

    private final RequesterRetentionSettings settings;
    private final SubjectRequests requests;
    private final SubjectKeyStore keys;
    private final DataSource dataSource;
    private final Counter shreddedCount;
    private final Counter failedCount;

    RequesterShredding(RequesterRetentionSettings settings, SubjectRequests requests, SubjectKeyStore keys,
                       DataSource dataSource, MeterRegistry registry) {
        // a sweep in flight ends after the request it is on
        super("requester-shredding", Integer.MAX_VALUE - 1, Duration.ofSeconds(30));
        this.settings = settings;
        this.requests = requests;
        this.keys = keys;
        this.dataSource = dataSource;
        this.shreddedCount = counter(registry, "shredded");
        this.failedCount = counter(registry, "failed");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("vault.requests.requester.shredded").tag("outcome", outcome).baseUnit("requests")
                .description("Closed requests naming no customer whose requester's key the vault destroyed, or failed to")
                .register(registry);
    }

    @Override
    protected void started() {
        every(settings.shredEvery(), this::sweepOnOneNode);
    }

    private void sweepOnOneNode() {
        try {
            OneNodeAtATime.run(dataSource, SWEEP_LOCK, this::sweep);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("shredding closed requests' requesters failed ({}); the next sweep tries again",
                    e.getClass().getSimpleName());
        }
    }

    private void sweep() {
        Instant closedBefore = settings.keptFor().before(Instant.now());
        long due = requests.countDueForShredding(closedBefore);
        List<SubjectRequests.DueForShredding> batch = due == 0 ? List.of()
                : requests.dueForShredding(closedBefore, PER_SWEEP);
        int shredded = 0;
        int failed = 0;
        for (SubjectRequests.DueForShredding request : batch) {
            if (!request.keySubject().equals(REQUEST_KEY + request.id())) {
                // never a customer's key: that goes only through the erasure, with its certificate and purges
                failed++;
                failedCount.increment();
                LOG.warn("request {} is not sealed under a key of its own; left alone", request.id());
                continue;
            }
            try {
                ErasedKeys destroyed = keys.destroy(request.keySubject());
                keys.certify(destroyed, fenceHash(destroyed));
                requests.shredded(request.id(), ACTOR);
                shredded++;
                shreddedCount.increment();
            } catch (RuntimeException failure) {
                failed++;
                failedCount.increment();
                // the request's id and the kind of failure only: nothing of the requester
                LOG.warn("could not shred the requester of request {} ({})", request.id(),
                        failure.getClass().getSimpleName());
            }
        }
        if (due == 0) {
            return;
        }
        LOG.info("requesters of closed requests kept for {}: {} due, {} shredded, {} failed, {} left for the next sweep",
                settings.requesterKeptFor(), due, shredded, failed, Math.max(0, due - batch.size()));
    }

    /**
     * What the fence file keeps beside the subject in place of a certificate's hash (a request's shredding has
     * no certificate): the hash of what was destroyed and when.
     */
    static String fenceHash(ErasedKeys destroyed) {
        String shredding = "request-shredded " + destroyed.subjectId() + " " + destroyed.erasedAt() + " "
                + String.join(",", destroyed.keyIds());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(shredding.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
