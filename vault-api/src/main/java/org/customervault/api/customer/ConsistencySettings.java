package org.customervault.api.customer;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How long a write waits for the CRM read model to show it before answering ({@code vault.consistency.*}). */
@ConfigurationProperties("vault.consistency")
public record ConsistencySettings(@DefaultValue("10s") Duration readYourWritesTimeout) {
}
