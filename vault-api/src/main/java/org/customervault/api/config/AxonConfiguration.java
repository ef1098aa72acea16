package org.customervault.api.config;

import io.micrometer.core.instrument.Timer;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.customervault.api.metrics.TimedEventStorageEngine;
import org.customervault.api.snapshot.CustomerSnapshotting;
import org.customervault.domain.crypto.EventIdentityStorageEngine;
import org.customervault.domain.crypto.EventIdentityUpcaster;
import org.customervault.domain.crypto.PersonalDataSerializer;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.crypto.VaultJson;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon on PostgreSQL through JDBC: events and snapshots go through the encrypting serializer, so the
 * event store holds ciphertext for every personal field. A customer's snapshot is a
 * {@link org.customervault.domain.customer.CustomerSnapshot}, its whole state sealed under the
 * customer's key ({@link CustomerSnapshotting}, docs/architecture.md).
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * Axon's own auto-configuration orders itself after Spring Boot 3's transaction configuration
     * and, on Boot 4, falls back to no transactions at all; events, tokens and projection rows
     * must commit together, so the Spring transaction manager is wired in explicitly.
     */
    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    /**
     * Axon's JDBC auto-configuration waits for a DataSource bean but orders itself after Spring
     * Boot 3's class names; on Boot 4, with a DataSource from Boot (an external database), it is
     * skipped. The JDBC pieces are therefore declared here, the same for both databases.
     */
    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    /**
     * PostgreSQL reports a unique violation as SQL state 23505 (its driver throws no
     * {@code SQLIntegrityConstraintViolationException}, which Axon's JDBC resolver looks for), so two
     * writes to one customer at the same sequence number are told apart from other failures.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver(UNIQUE_VIOLATION);
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(SubjectCipher cipher) {
        return new PersonalDataSerializer(VaultJson.serializer(), cipher);
    }

    @Bean
    EventStorageEngine eventStorageEngine(@Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          CustomerSnapshotting snapshots,
                                          Timer eventStoreAppends) {
        // The serializer sees only payloads; these two hand it each stored event's and snapshot's identity,
        // on the way in and on the way out, so personal values are bound to their event and its aggregate.
        return new TimedEventStorageEngine(snapshots.checked(new EventIdentityStorageEngine(JdbcEventStorageEngine.builder()
                .eventSerializer(eventSerializer)
                .snapshotSerializer(eventSerializer)
                .upcasterChain(new EventUpcasterChain(configuration.upcasterChain(), new EventIdentityUpcaster()))
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .snapshotFilter(snapshots.filter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(new EventSchema())
                .build())), eventStoreAppends);
    }
}
