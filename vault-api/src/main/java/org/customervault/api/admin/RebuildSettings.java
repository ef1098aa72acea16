package org.customervault.api.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The read models' bulk rebuild ({@code vault.rebuild.*}).
 *
 * @param chunkEvents events folded between two writes. A larger chunk writes fewer times a customer
 *        whose events it spans; a smaller one shows progress sooner and holds fewer timeline entries
 *        in memory
 * @param maxCustomers customers whose rows the bulk rebuild holds in memory (about 2 KB each) before
 *        it ends after the chunk at hand and leaves the rest of the replay to the processors, event by
 *        event
 */
@ConfigurationProperties("vault.rebuild")
public record RebuildSettings(@DefaultValue("10000") int chunkEvents, @DefaultValue("250000") int maxCustomers) {
}
