package org.customervault.api.customer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Customers' aggregates kept in memory between commands ({@code vault.customers.cache.*}), each
 * dropped after {@code maximumAge} unused.
 */
@ConfigurationProperties("vault.customers")
public record CustomerSettings(@DefaultValue Cache cache) {

    public record Cache(@DefaultValue("10000") long maximumSize, @DefaultValue("10m") Duration maximumAge) {
    }
}
