package org.customervault.projections.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.Preferences;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.CustomerViewVersionNotice;
import org.customervault.domain.customer.api.EmailRectifiedEvent;
import org.customervault.projections.ProjectionDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The view's version notices as a batch of a processor sends them: in its transaction, so only once
 * it commits; once per customer; with the version the row holds, whatever the events said.
 */
class CustomerViewVersionNoticesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @TempDir
    static Path directory;
    private static ProjectionDatabase database;
    private static CustomerViewProjection projection;
    private static CustomerViewVersionNotices notices;
    private static TransactionTemplate transactions;

    @BeforeAll
    static void start() throws Exception {
        database = new ProjectionDatabase(directory);
        projection = new CustomerViewProjection(database.jdbc(), database.cipher(), database.keys());
        notices = new CustomerViewVersionNotices(database.jdbc());
        transactions = new TransactionTemplate(new JdbcTransactionManager(database.jdbc().getDataSource()));
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void aBatchAnnouncesEachCustomersRowVersionOnceWhenItCommitsAndNothingForAMissingRow() throws Exception {
        CustomerId id = registered();
        UUID nobody = UUID.randomUUID();
        try (Connection listening = listening()) {
            transactions.executeWithoutResult(status -> {
                UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
                projection.on(new EmailRectifiedEvent(id, "second@example.com"), 1, T0);
                notices.changed(id.uuid());
                projection.on(new EmailRectifiedEvent(id, "third@example.com"), 2, T0);
                notices.changed(id.uuid());
                // an event delivered again names an older version; the row's is announced
                notices.changed(id.uuid());
                notices.changed(nobody);
                batch.commit();
                assertThat(heard(listening)).as("nothing before the transaction commits").isEmpty();
            });
            assertThat(heard(listening)).containsExactly(id.value() + ":2");
        }
    }

    @Test
    void aBatchThatRollsBackAnnouncesNothing() throws Exception {
        CustomerId id = registered();
        try (Connection listening = listening()) {
            transactions.executeWithoutResult(status -> {
                UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
                projection.on(new EmailRectifiedEvent(id, "second@example.com"), 1, T0);
                notices.changed(id.uuid());
                batch.commit();
                status.setRollbackOnly();
            });
            assertThat(heard(listening)).isEmpty();
        }
    }

    private static CustomerId registered() {
        CustomerId id = CustomerId.newId();
        projection.on(new CustomerRegisteredEvent(id, "Ana Aviso", "ana@example.com", null, null, null, null,
                new Preferences("es", Set.of(Channel.EMAIL))), 0, T0);
        return id;
    }

    private static Connection listening() throws Exception {
        Connection connection = database.jdbc().getDataSource().getConnection();
        try (Statement listen = connection.createStatement()) {
            listen.execute("LISTEN " + CustomerViewVersionNotice.CHANNEL);
        }
        return connection;
    }

    /** What the connection heard so far: a notice of a committed transaction is there once its commit returned. */
    private static List<String> heard(Connection connection) {
        try {
            List<String> payloads = new ArrayList<>();
            PGNotification[] notices = connection.unwrap(PGConnection.class).getNotifications(200);
            if (notices != null) {
                for (PGNotification notice : notices) {
                    payloads.add(notice.getParameter());
                }
            }
            return payloads;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
