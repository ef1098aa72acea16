package org.customervault.api.integrity;

import java.time.Duration;
import org.customervault.infra.integrity.IntegrityChainer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hash chains, under {@code vault.integrity.*}: how often new rows are chained, and when a
 * checkpoint is signed: after {@code checkpointLinks} new links or {@code checkpointInterval},
 * whichever comes first (and only if something was chained). {@code batchSize} bounds the rows of
 * one log that one transaction links.
 */
@ConfigurationProperties("vault.integrity")
public record IntegritySettings(@DefaultValue("2s") Duration chainInterval, @DefaultValue("1m") Duration checkpointInterval,
                                @DefaultValue("10000") long checkpointLinks, @DefaultValue("5000") int batchSize) {

    IntegrityChainer.Settings chainer() {
        return new IntegrityChainer.Settings(chainInterval, checkpointInterval, checkpointLinks, batchSize);
    }
}
