package org.customervault.api.blindindex;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a blind-index rotation re-indexes: customers per transaction (each batch holds its customers'
 * rows locked until it commits, so their writes wait that long), threads that open a batch's
 * customers side by side (each asks the key store for a key the cache lacks, and holds a database
 * connection meanwhile with the local store), a pause between batches to leave the database to the
 * traffic, and how often every node looks for a rotation to resume (one left by a node that died,
 * or one that failed because the key store or the database was away).
 */
@ConfigurationProperties("vault.blind-index.rotation")
public record BlindIndexRotationSettings(@DefaultValue("200") int batchSize, @DefaultValue("4") int threads,
                                         @DefaultValue("0ms") Duration pause,
                                         @DefaultValue("10s") Duration resumeInterval) {
}
