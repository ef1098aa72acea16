package org.customervault.api.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The vault's own settings, under {@code vault.*} (environment: {@code VAULT_*}). */
@ConfigurationProperties("vault")
public record VaultProperties(Path dataDir, Keys keys, Customers customers, Processors processors, Security security,
                              Consistency consistency, Kafka kafka, Cluster cluster) {

    public VaultProperties {
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /**
     * Where data keys live: {@code local} (a master key file and a table) or {@code vault}
     * (Vault/OpenBao KV v2). {@code masterKeyFile} is read by the local store only.
     */
    public record Keys(@DefaultValue("local") String store, String masterKeyFile, Cache cache, VaultServer vault) {

        public Path masterKeyFile(Path dataDir) {
            return masterKeyFile == null || masterKeyFile.isBlank()
                    ? dataDir.resolve("keys").resolve("master.key")
                    : Path.of(masterKeyFile).toAbsolutePath();
        }

        /**
         * The local store's erasure fence file, beside the master key file: whoever moves the master
         * key off the data directory moves the fence with it, out of reach of a database restore.
         */
        public Path fenceFile(Path dataDir) {
            return masterKeyFile(dataDir).resolveSibling("erasure-fence");
        }
    }

    /**
     * The Vault/OpenBao server of {@code vault.keys.store=vault}: a token, or an AppRole role id and
     * secret id; PEM files for TLS (the CA bundle, and a client certificate and key where the
     * server asks for one).
     */
    public record VaultServer(String address, String token, String roleId, String secretId,
                              @DefaultValue("approle") String appRolePath, @DefaultValue("customer-vault") String mount,
                              String namespace, String caCert, String clientCert, String clientKey,
                              @DefaultValue("5s") Duration timeout, @DefaultValue("2s") Duration probeInterval,
                              @DefaultValue("2") int readRetries) {
    }

    /** Customers kept in memory between commands, each dropped after {@code maximumAge} unused. */
    public record Customers(Cache cache) {
    }

    /**
     * The tracking processors: segments (and threads) each, events per transaction, and the longest
     * a processor waits before it looks for new events itself.
     */
    public record Processors(@DefaultValue("2") int segments, @DefaultValue("100") int batchSize,
                             @DefaultValue("100ms") Duration pollInterval) {
    }

    public record Cache(@DefaultValue("10000") long maximumSize, @DefaultValue("10m") Duration maximumAge) {
    }

    public record Security(@DefaultValue List<User> users, @DefaultValue RateLimits rateLimits) {
    }

    /**
     * Limits per node, in memory: searches per user, and failed sign-ins per user name and per
     * client address, after which even the right password is refused until the window passes.
     * {@code maximumKeys} bounds the users and addresses each limit remembers.
     */
    public record RateLimits(Limit searches, Limit failedLoginsPerUser, Limit failedLoginsPerAddress,
                             @DefaultValue("100000") long maximumKeys) {

        public RateLimits {
            searches = Limit.orElse(searches, 30, Duration.ofMinutes(1));
            failedLoginsPerUser = Limit.orElse(failedLoginsPerUser, 5, Duration.ofMinutes(15));
            failedLoginsPerAddress = Limit.orElse(failedLoginsPerAddress, 20, Duration.ofMinutes(15));
        }
    }

    /** At most {@code limit} events in a window of {@code window} that opens with the first of them. */
    public record Limit(Integer limit, Duration window) {

        static Limit orElse(Limit configured, int limit, Duration window) {
            return new Limit(configured == null || configured.limit() == null ? limit : configured.limit(),
                    configured == null || configured.window() == null ? window : configured.window());
        }
    }

    /** A user of the API; {@code password} in Spring's delegating format, e.g. {@code {bcrypt}$2a$...}. */
    public record User(String name, String password, List<String> roles) {
    }

    /**
     * Publication of every stored event to Kafka, on when {@code bootstrapServers} is set: the
     * topic, and how long a batch may wait for the broker's acknowledgement before it is retried.
     */
    public record Kafka(String bootstrapServers, @DefaultValue("vault.customer-events") String topic,
                        @DefaultValue("30s") Duration acknowledgementTimeout) {
    }

    /**
     * Several nodes on one database: this node's name in the token store and the node table (a
     * fresh one at every start unless set), how often it reads the erasure feed and says it is
     * alive, and how long one such heartbeat lets it trust its caches: the longest an erasure waits
     * for a node that does not acknowledge it.
     */
    public record Cluster(String nodeId, @DefaultValue("2s") Duration heartbeat,
                          @DefaultValue("10s") Duration cacheLease) {
    }

    /** How long a write waits for the CRM read model to show it before answering. */
    public record Consistency(@DefaultValue("10s") Duration readYourWritesTimeout) {
    }
}
