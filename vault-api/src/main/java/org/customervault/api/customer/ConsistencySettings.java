package org.customervault.api.customer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a write waits for the CRM read model to show it before answering, and how it learns that
 * the read model did ({@code vault.consistency.*}): {@code recheckInterval} is how often a waiting
 * write reads the view's version itself, in case the notice that would have woken it was lost;
 * {@code reconnectPause} is the first pause before a lost listening connection is replaced (it
 * doubles on each failure, up to {@code longestReconnectPause}).
 */
@ConfigurationProperties("vault.consistency")
public record ConsistencySettings(@DefaultValue("10s") Duration readYourWritesTimeout,
                                  @DefaultValue("250ms") Duration recheckInterval,
                                  @DefaultValue("100ms") Duration reconnectPause,
                                  @DefaultValue("5s") Duration longestReconnectPause) {
}
