package org.customervault.api.blindindex;

import java.time.Instant;
import java.util.UUID;

/**
 * A rotation of the blind-index key as its row records it: from which key version to which, how
 * far the re-index got (customers done, in id order up to {@code reindexedUpTo}), and when it
 * completed and the old key was destroyed.
 */
record Rotation(UUID id, int fromVersion, int toVersion, State state, String requestedBy, Instant startedAt,
                long customersTotal, long customersReindexed, UUID reindexedUpTo, Instant completedAt,
                Instant oldKeyDestroyedAt) {

    enum State { REINDEXING, COMPLETED }
}
