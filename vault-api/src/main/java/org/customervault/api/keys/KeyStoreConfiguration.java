package org.customervault.api.keys;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.customervault.api.config.DataDirectory;
import org.customervault.api.metrics.TimedSubjectKeyStore;
import org.customervault.domain.crypto.CacheLease;
import org.customervault.domain.crypto.CachingSubjectKeyStore;
import org.customervault.domain.crypto.CipherObserver;
import org.customervault.domain.crypto.FieldCipher;
import org.customervault.domain.crypto.IndexKeyStore;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.customervault.domain.crypto.SigningKey;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.crypto.SubjectKeyStore;
import org.customervault.domain.crypto.WrappingKeyRotation;
import org.customervault.infra.keys.CheckpointFile;
import org.customervault.infra.keys.FenceFile;
import org.customervault.infra.keys.LocalSubjectKeyStore;
import org.customervault.infra.keys.MasterKeyring;
import org.customervault.infra.keys.SigningKeyFile;
import org.customervault.infra.keys.OpenBaoConnection;
import org.customervault.infra.keys.OpenBaoDataKeys;
import org.customervault.infra.keys.OpenBaoFence;
import org.customervault.infra.keys.OpenBaoKeyStore;
import org.customervault.infra.keys.TransitSubjectKeyStore;
import org.customervault.projections.customer.BlindIndexKeys;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.StringUtils;

/**
 * Keys: the local key store with its master keyring file (the embedded default), or OpenBao
 * ({@code vault.keys.store=openbao}, or its older name {@code vault}) with its data keys wrapped by a
 * Transit key or as KV secrets (the default) ({@code vault.keys.vault.data-keys}); either behind a bounded cache,
 * with the blind-index keys, the deployment's signing key and the newest integrity checkpoint in the
 * same store.
 */
@Configuration(proxyBeanMethods = false)
public class KeyStoreConfiguration {

    @Bean
    FieldCipher fieldCipher() {
        return new FieldCipher();
    }

    @Bean
    SubjectCipher subjectCipher(SubjectKeyStore keys, FieldCipher cipher, CipherObserver observer) {
        return new SubjectCipher(keys, cipher, observer);
    }

    /** The blind-index key versions the database lists as live, loaded from the key store at start. */
    @Bean
    BlindIndexKeys blindIndexKeys(JdbcTemplate jdbc, IndexKeyStore indexKeys) {
        return new BlindIndexKeys(jdbc, indexKeys);
    }

    /** {@code vault.keys.store} as a {@link KeyStoreKind}: {@code vault} reads as {@code openbao}, a typo stops the start. */
    @Bean
    @ConfigurationPropertiesBinding
    static Converter<String, KeyStoreKind> keyStoreKindConverter() {
        return new KindConverter();
    }

    /** The store every part of the vault uses: the cache, in front of the timed calls to the store itself. */
    private static CachingSubjectKeyStore cached(SubjectKeyStore store, KeyStoreSettings settings, MeterRegistry registry,
                                                 CacheLease lease) {
        KeyStoreSettings.Cache cache = settings.cache();
        return new CachingSubjectKeyStore(new TimedSubjectKeyStore(store, registry), cache.maximumSize(), cache.maximumAge(),
                lease);
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(LocalStoreChosen.class)
    static class Local {

        /** The master keys and the blind-index keys; read from their file, never logged or stored elsewhere. */
        @Bean
        MasterKeyring masterKeyring(KeyStoreSettings settings, DataDirectory data) {
            return MasterKeyring.loadOrCreate(settings.masterKeyFile(data.ensured()));
        }

        /** Beside the master key file, in a file of its own: see {@link SigningKeyFile} for why. */
        @Bean
        SigningKey signingKey(KeyStoreSettings settings, DataDirectory data) {
            Path masterKeyFile = settings.masterKeyFile(data.ensured());
            return SigningKeyFile.loadOrCreate(masterKeyFile.resolveSibling(SigningKeyFile.FILE_NAME));
        }

        /** The newest signed checkpoint of the hash chains, beside the signing key that signed it. */
        @Bean
        CheckpointFile integrityCheckpoint(KeyStoreSettings settings, DataDirectory data) {
            Path masterKeyFile = settings.masterKeyFile(data.ensured());
            return new CheckpointFile(masterKeyFile.resolveSibling(CheckpointFile.FILE_NAME));
        }

        /** Erased subjects and their certificates' hashes, outside the database so that a restore of it cannot forget them. */
        @Bean
        FenceFile fenceFile(KeyStoreSettings settings, DataDirectory data) {
            return FenceFile.openOrCreate(settings.fenceFile(data.ensured()));
        }

        @Bean
        LocalSubjectKeyStore localSubjectKeyStore(DataSource dataSource, MasterKeyring masterKeyring, FenceFile fenceFile,
                                                  FieldCipher cipher) {
            return new LocalSubjectKeyStore(dataSource, masterKeyring, fenceFile, cipher);
        }

        @Bean
        @Primary
        CachingSubjectKeyStore subjectKeyStore(LocalSubjectKeyStore local, KeyStoreSettings settings, MeterRegistry registry,
                                               CacheLease lease) {
            return cached(local, settings, registry, lease);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(OpenBaoChosen.class)
    static class OpenBao {

        /** Connects at start and refuses to start, in words, when the server or the credentials are not usable. */
        @Bean(destroyMethod = "close")
        OpenBaoConnection openBaoConnection(KeyStoreSettings settings) {
            KeyStoreSettings.OpenBao server = settings.openBao();
            if (server == null || !StringUtils.hasText(server.address())) {
                throw new IllegalStateException("vault.keys.store=openbao needs VAULT_ADDR");
            }
            try {
                return OpenBaoConnection.open(new OpenBaoConnection.Settings(server.address(), server.namespace(),
                        server.mount(), server.timeout(), credentials(server), tls(server), server.probeInterval(),
                        server.readRetries()));
            } catch (KeyStoreUnavailableException e) {
                throw new IllegalStateException("cannot use the OpenBao key store at " + server.address() + ": " + e.getMessage());
            }
        }

        /** Checks the token's policy for the chosen mode of data keys, and that the deployment started in that mode. */
        @Bean
        OpenBaoKeyStore openBaoKeyStore(OpenBaoConnection connection, KeyStoreSettings settings) {
            OpenBaoKeyStore store = new OpenBaoKeyStore(connection);
            KeyStoreSettings.OpenBao server = settings.openBao();
            try {
                store.requirePermissions(server.dataKeys(), server.transitMount());
                store.requireDataKeys(server.dataKeys());
            } catch (KeyStoreUnavailableException | IllegalStateException e) {
                throw new IllegalStateException("cannot use the OpenBao key store at " + server.address()
                        + ": " + e.getMessage());
            }
            return store;
        }

        /** Read (or, on the deployment's first start, created) once: a node that cannot read it does not start. */
        @Bean
        SigningKey signingKey(OpenBaoKeyStore openBao, KeyStoreSettings settings) {
            try {
                return openBao.signingKey();
            } catch (KeyStoreUnavailableException e) {
                throw new IllegalStateException("cannot use the OpenBao key store at " + settings.openBao().address()
                        + ": " + e.getMessage());
            }
        }

        /** Mode kv: a KV secret per customer, written before the registration's transaction. */
        @Configuration(proxyBeanMethods = false)
        @Conditional(KvDataKeysChosen.class)
        static class Kv {

            @Bean
            SubjectKeyBeforeRegistration subjectKeyBeforeRegistration(SubjectKeyStore keys) {
                return new SubjectKeyBeforeRegistration(keys);
            }

            @Bean
            @Primary
            CachingSubjectKeyStore subjectKeyStore(OpenBaoKeyStore openBao, OpenBaoConnection connection,
                                                   KeyStoreSettings settings, MeterRegistry registry, CacheLease lease) {
                return cachedAndProbed(openBao, connection, settings, registry, lease);
            }
        }

        /** Mode transit: data keys wrapped by one Transit key, stored in PostgreSQL with the registration. */
        @Configuration(proxyBeanMethods = false)
        @Conditional(TransitDataKeysChosen.class)
        static class Transit {

            /** Read whole at start (a node that cannot read it does not start), then again on a schedule. */
            @Bean(destroyMethod = "close")
            OpenBaoFence openBaoFence(OpenBaoConnection connection, KeyStoreSettings settings) {
                OpenBaoFence fence;
                try {
                    fence = OpenBaoFence.read(connection);
                } catch (KeyStoreUnavailableException e) {
                    throw new IllegalStateException("cannot read the erasure fence in OpenBao at "
                            + settings.openBao().address() + ": " + e.getMessage());
                }
                fence.keepReading(settings.openBao().fenceReadInterval());
                return fence;
            }

            /** How old the fence as this node read it is: a fence not read again misses other nodes' erasures. */
            @Bean("erasureFence")
            ErasureFenceHealthIndicator erasureFenceHealth(OpenBaoFence fence, KeyStoreSettings settings,
                                                           MeterRegistry registry) {
                Gauge.builder("vault.keys.fence.age", fence,
                                read -> Duration.between(read.readAt(), Instant.now()).toMillis() / 1000.0)
                        .description("Seconds since the erasure fence in OpenBao was last read whole")
                        .baseUnit("seconds").register(registry);
                return new ErasureFenceHealthIndicator(fence, settings.openBao().fenceReadInterval(), Clock.systemUTC());
            }

            @Bean
            TransitSubjectKeyStore transitSubjectKeyStore(DataSource dataSource, OpenBaoConnection connection,
                                                          OpenBaoFence fence, KeyStoreSettings settings) {
                try {
                    return TransitSubjectKeyStore.open(dataSource, connection, settings.openBao().transitMount(),
                            OpenBaoDataKeys.TRANSIT_KEY, fence);
                } catch (KeyStoreUnavailableException e) {
                    throw new IllegalStateException("cannot use the Transit key in OpenBao at "
                            + settings.openBao().address() + ": " + e.getMessage());
                }
            }

            /** The Transit key, not OpenBao's own barrier key (the KV store's rotation), is what wraps the data keys here. */
            @Bean
            @Primary
            WrappingKeyRotation wrappingKeyRotation(TransitSubjectKeyStore transit) {
                return transit::rotateWrappingKey;
            }

            @Bean
            @Primary
            CachingSubjectKeyStore subjectKeyStore(TransitSubjectKeyStore transit, OpenBaoFence fence,
                                                   OpenBaoConnection connection, KeyStoreSettings settings,
                                                   MeterRegistry registry, CacheLease lease) {
                CachingSubjectKeyStore cached = cachedAndProbed(transit, connection, settings, registry, lease);
                // an erasure reaches the node through the database too; this covers one that does not (a restore)
                fence.whenErasedElsewhere(cached::forget);
                return cached;
            }
        }

        /** The cached store is the one everything uses; the token keeper tells it when OpenBao stops answering. */
        private static CachingSubjectKeyStore cachedAndProbed(SubjectKeyStore store, OpenBaoConnection connection,
                                                              KeyStoreSettings settings, MeterRegistry registry,
                                                              CacheLease lease) {
            CachingSubjectKeyStore cached = cached(store, settings, registry, lease);
            connection.keepAlive(cached::storeAnswered);
            return cached;
        }

        private static OpenBaoConnection.Credentials credentials(KeyStoreSettings.OpenBao server) {
            if (StringUtils.hasText(server.roleId())) {
                if (!StringUtils.hasText(server.secretId())) {
                    throw new IllegalStateException("an AppRole login needs VAULT_SECRET_ID with VAULT_ROLE_ID");
                }
                return new OpenBaoConnection.AppRole(server.appRolePath(), server.roleId(), server.secretId());
            }
            if (!StringUtils.hasText(server.token())) {
                throw new IllegalStateException("vault.keys.store=openbao needs VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID");
            }
            return new OpenBaoConnection.Token(server.token());
        }

        private static OpenBaoConnection.Tls tls(KeyStoreSettings.OpenBao server) {
            if (StringUtils.hasText(server.clientCert()) != StringUtils.hasText(server.clientKey())) {
                throw new IllegalStateException("a TLS client certificate needs both VAULT_CLIENT_CERT and VAULT_CLIENT_KEY");
            }
            if (!StringUtils.hasText(server.caCert()) && !StringUtils.hasText(server.clientCert())) {
                return null;
            }
            return new OpenBaoConnection.Tls(path(server.caCert()), path(server.clientCert()), path(server.clientKey()));
        }

        private static Path path(String file) {
            return StringUtils.hasText(file) ? Path.of(file) : null;
        }
    }

    /** The kind of store the environment chose; a value that names none stops the start here, in words. */
    static KeyStoreKind chosen(ConditionContext context) {
        return Binder.get(context.getEnvironment()).bind(KeyStoreKind.PROPERTY, Bindable.of(String.class))
                .map(KeyStoreKind::of).orElse(KeyStoreKind.LOCAL);
    }

    static final class LocalStoreChosen implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return chosen(context) == KeyStoreKind.LOCAL;
        }
    }

    static final class OpenBaoChosen implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return chosen(context) == KeyStoreKind.OPENBAO;
        }
    }

    /** The OpenBao mode of data keys the environment chose: kv unless it says transit. */
    static OpenBaoDataKeys dataKeysChosen(ConditionContext context) {
        return Binder.get(context.getEnvironment()).bind(KeyStoreSettings.OpenBao.DATA_KEYS_PROPERTY, Bindable.of(String.class))
                .map(value -> StringUtils.hasText(value) ? OpenBaoDataKeys.of(value) : OpenBaoDataKeys.KV)
                .orElse(OpenBaoDataKeys.KV);
    }

    static final class KvDataKeysChosen implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return chosen(context) == KeyStoreKind.OPENBAO && dataKeysChosen(context) == OpenBaoDataKeys.KV;
        }
    }

    static final class TransitDataKeysChosen implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return chosen(context) == KeyStoreKind.OPENBAO && dataKeysChosen(context) == OpenBaoDataKeys.TRANSIT;
        }
    }

    static final class KindConverter implements Converter<String, KeyStoreKind> {
        @Override
        public KeyStoreKind convert(String value) {
            return KeyStoreKind.of(value);
        }
    }
}
