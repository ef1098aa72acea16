package org.customervault.api.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The vault's own settings, under {@code vault.*} (environment: {@code VAULT_*}). */
@ConfigurationProperties("vault")
public record VaultProperties(Path dataDir, Keys keys, Security security, Consistency consistency) {

    public VaultProperties {
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** Where data keys live; {@code masterKeyFile} is only read by the local store. */
    public record Keys(@DefaultValue("local") String store, String masterKeyFile, Cache cache) {

        public Path masterKeyFile(Path dataDir) {
            return masterKeyFile == null || masterKeyFile.isBlank()
                    ? dataDir.resolve("keys").resolve("master.key")
                    : Path.of(masterKeyFile).toAbsolutePath();
        }
    }

    public record Cache(@DefaultValue("10000") long maximumSize, @DefaultValue("10m") Duration maximumAge) {
    }

    public record Security(@DefaultValue List<User> users) {
    }

    /** A user of the API; {@code password} in Spring's delegating format, e.g. {@code {bcrypt}$2a$...}. */
    public record User(String name, String password, List<String> roles) {
    }

    /** How long a write waits for the CRM read model to show it before answering. */
    public record Consistency(@DefaultValue("10s") Duration readYourWritesTimeout) {
    }
}
