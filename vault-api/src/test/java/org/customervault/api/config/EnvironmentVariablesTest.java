package org.customervault.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.customervault.api.cluster.ClusterSettings;
import org.customervault.api.customer.IfMatchSettings;
import org.customervault.api.idempotency.IdempotencySettings;
import org.customervault.api.kafka.KafkaSettings;
import org.customervault.api.retention.RetentionSettings;
import org.customervault.api.security.SecuritySettings;
import org.customervault.api.snapshot.SnapshotSettings;
import org.customervault.domain.customer.api.CustomerView;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * application.yml with the settings records: the documented environment variables bind, and with none
 * set every setting has the record's default (application.yml holds no default of its own).
 */
class EnvironmentVariablesTest {

    @Test
    void withNoEnvironmentEverySettingHasItsRecordsDefault() throws IOException {
        Binder binder = binder(Map.of());

        SecuritySettings.RateLimits limits = binder.bindOrCreate("vault.security", SecuritySettings.class).rateLimits();
        assertThat(limits.searches()).isEqualTo(new SecuritySettings.Limit(30, Duration.ofMinutes(1)));
        assertThat(limits.failedLoginsPerUser()).isEqualTo(new SecuritySettings.Limit(5, Duration.ofMinutes(15)));
        assertThat(limits.failedLoginsPerAddress()).isEqualTo(new SecuritySettings.Limit(20, Duration.ofMinutes(15)));
        assertThat(binder.bindOrCreate("vault.security", SecuritySettings.class).oidc())
                .isEqualTo(new SecuritySettings.Oidc(null, "roles", null));
        assertThat(binder.bindOrCreate("vault", DataDirectory.class).dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(binder.bindOrCreate("vault.cluster", ClusterSettings.class).nodeId()).isEmpty();
        assertThat(binder.bindOrCreate("vault.kafka", KafkaSettings.class).topic()).isEqualTo("vault.customer-events");
        assertThat(binder.bindOrCreate("vault.snapshots", SnapshotSettings.class).every()).isEqualTo(250);
        assertThat(binder.bindOrCreate("vault.api", IfMatchSettings.class).requireIfMatch()).isFalse();
        assertThat(binder.bindOrCreate("vault.api.idempotency", IdempotencySettings.class))
                .isEqualTo(new IdempotencySettings(Duration.ofHours(24), Duration.ofMinutes(5), Duration.ofHours(1)));
        assertThat(binder.bindOrCreate("vault.retention", RetentionSettings.class))
                .as("no policy: nothing is erased by itself").isEqualTo(new RetentionSettings(List.of(), Duration.ofDays(1)));
        assertThat(binder.bind("spring.datasource.hikari.maximum-pool-size", Integer.class).get())
                .as("the pool size of both the embedded and an external database").isEqualTo(16);
    }

    @Test
    void theDocumentedEnvironmentVariablesBind() throws IOException {
        Map<String, Object> environment = new HashMap<>();
        environment.put("VAULT_DATA_DIR", "/srv/vault");
        environment.put("VAULT_SEARCHES_PER_WINDOW", "7");
        environment.put("VAULT_FAILED_LOGINS_WINDOW", "2m");
        environment.put("VAULT_NODE_ID", "node-a");
        environment.put("VAULT_SNAPSHOTS_EVERY", "50");
        environment.put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        environment.put("VAULT_KAFKA_TOPIC", "events");
        environment.put("VAULT_ADDR", "https://openbao:8200");
        environment.put("VAULT_APPROLE_PATH", "vault-approle");
        environment.put("VAULT_KEYS_STORE", "openbao");
        environment.put("VAULT_MASTER_KEY_FILE", "/keys/master.key");
        environment.put("VAULT_API_REQUIRE_IF_MATCH", "true");
        environment.put("VAULT_SECURITY_OIDC_ISSUER_URI", "https://id.example.com/realms/crm");
        environment.put("VAULT_SECURITY_OIDC_ROLES_CLAIM", "vault_roles");
        environment.put("VAULT_SECURITY_OIDC_AUDIENCE", "customer-vault");
        environment.put("VAULT_API_IDEMPOTENCY_RETENTION", "48h");
        environment.put("VAULT_RETENTION_POLICIES_0_NAME", "dormant");
        environment.put("VAULT_RETENTION_POLICIES_0_INACTIVE_FOR", "P5Y");
        environment.put("VAULT_RETENTION_POLICIES_1_NAME", "restricted-trial");
        environment.put("VAULT_RETENTION_POLICIES_1_INACTIVE_FOR", "PT10S");
        environment.put("VAULT_RETENTION_POLICIES_1_STATUS", "RESTRICTED");
        environment.put("VAULT_RETENTION_RUN_EVERY", "PT6H");
        environment.put("VAULT_API_IDEMPOTENCY_INFLIGHTTIMEOUT", "10m");
        environment.put("VAULT_API_IDEMPOTENCY_PURGEINTERVAL", "30m");
        Binder binder = binder(environment);

        SecuritySettings.RateLimits limits = binder.bindOrCreate("vault.security", SecuritySettings.class).rateLimits();
        assertThat(limits.searches()).isEqualTo(new SecuritySettings.Limit(7, Duration.ofMinutes(1)));
        assertThat(limits.failedLoginsPerAddress()).isEqualTo(new SecuritySettings.Limit(20, Duration.ofMinutes(2)));
        assertThat(binder.bindOrCreate("vault", DataDirectory.class).dataDir()).isEqualTo(Path.of("/srv/vault"));
        assertThat(binder.bindOrCreate("vault.cluster", ClusterSettings.class).nodeId()).isEqualTo("node-a");
        assertThat(binder.bindOrCreate("vault.snapshots", SnapshotSettings.class).every()).isEqualTo(50);
        KafkaSettings kafka = binder.bindOrCreate("vault.kafka", KafkaSettings.class);
        assertThat(kafka.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(kafka.topic()).isEqualTo("events");
        assertThat(binder.bind("vault.keys.vault.address", String.class).get()).isEqualTo("https://openbao:8200");
        assertThat(binder.bind("vault.keys.vault.app-role-path", String.class).get()).isEqualTo("vault-approle");
        assertThat(binder.bindOrCreate("vault.api", IfMatchSettings.class).requireIfMatch()).isTrue();
        assertThat(binder.bind("vault.keys.store", String.class).get()).isEqualTo("openbao");
        assertThat(binder.bind("vault.keys.master-key-file", String.class).get()).isEqualTo("/keys/master.key");
        assertThat(binder.bindOrCreate("vault.security", SecuritySettings.class).oidc()).isEqualTo(
                new SecuritySettings.Oidc("https://id.example.com/realms/crm", "vault_roles", "customer-vault"));
        assertThat(binder.bindOrCreate("vault.api.idempotency", IdempotencySettings.class))
                .isEqualTo(new IdempotencySettings(Duration.ofHours(48), Duration.ofMinutes(10), Duration.ofMinutes(30)));
        assertThat(binder.bindOrCreate("vault.retention", RetentionSettings.class)).isEqualTo(new RetentionSettings(
                List.of(new RetentionSettings.Policy("dormant", "P5Y", null),
                        new RetentionSettings.Policy("restricted-trial", "PT10S", CustomerView.Status.RESTRICTED)),
                Duration.ofHours(6)));
    }

    private static Binder binder(Map<String, Object> variables) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addLast(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(environment.getPropertySources()::addLast);
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment);
    }
}
