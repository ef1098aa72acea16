package org.customervault.api.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Several nodes on one database ({@code vault.cluster.*}): this node's name in the token store and
 * the node table ({@code VAULT_NODE_ID}; a fresh one at every start unless set), how often it reads
 * the erasure feed and says it is alive, and how long one such heartbeat lets it trust its caches:
 * the longest an erasure waits for a node that does not acknowledge it.
 */
@ConfigurationProperties("vault.cluster")
public record ClusterSettings(String nodeId, @DefaultValue("2s") Duration heartbeat,
                              @DefaultValue("10s") Duration cacheLease) {
}
