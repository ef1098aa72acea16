package org.customervault.api.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The read models' bulk rebuild ({@code vault.rebuild.*}): events folded between two writes. A
 * larger chunk writes fewer times a customer whose events it spans; a smaller one shows progress
 * sooner and holds fewer timeline entries in memory.
 */
@ConfigurationProperties("vault.rebuild")
public record RebuildSettings(@DefaultValue("10000") int chunkEvents) {
}
