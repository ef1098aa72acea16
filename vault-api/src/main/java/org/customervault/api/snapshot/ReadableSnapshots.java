package org.customervault.api.snapshot;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.SerializedType;
import org.customervault.domain.customer.CustomerSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which stored snapshots this version reads: customer snapshots of the current revision, and none at
 * all while snapshots are off. Every snapshot left out for what it is, here or when it is read
 * ({@link CheckedSnapshots}), is logged once, by its identifier and its customer's, never with a value.
 */
final class ReadableSnapshots implements SnapshotFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ReadableSnapshots.class);

    /** The snapshots already reported, so that a customer loaded again and again does not fill the log. */
    private final Cache<String, Boolean> reported = Caffeine.newBuilder().maximumSize(10_000).build();
    private final boolean enabled;

    ReadableSnapshots(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public boolean test(DomainEventData<?> snapshot) {
        if (!enabled) {
            return false;
        }
        SerializedType type = snapshot.getPayload().getType();
        if (CustomerSnapshot.class.getName().equals(type.getName()) && CustomerSnapshot.REVISION.equals(type.getRevision())) {
            return true;
        }
        leftOut(snapshot.getEventIdentifier(), snapshot.getAggregateIdentifier(), snapshot.getSequenceNumber(),
                type.getName() + " of revision " + type.getRevision() + ", which this version does not read");
        return false;
    }

    void leftOut(String snapshotId, String customerId, long sequence, String why) {
        if (reported.asMap().putIfAbsent(snapshotId, Boolean.TRUE) == null) {
            LOG.warn("snapshot {} of customer {} at sequence {} is not used ({}); the customer is loaded from its events",
                    snapshotId, customerId, sequence, why);
        }
    }
}
