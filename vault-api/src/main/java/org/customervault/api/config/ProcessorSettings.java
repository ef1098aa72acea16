package org.customervault.api.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The tracking processors ({@code vault.processors.*}): segments (and threads) each, events per
 * transaction, and the longest a processor waits before it looks for new events itself.
 */
@ConfigurationProperties("vault.processors")
public record ProcessorSettings(@DefaultValue("2") int segments, @DefaultValue("100") int batchSize,
                                @DefaultValue("100ms") Duration pollInterval) {
}
