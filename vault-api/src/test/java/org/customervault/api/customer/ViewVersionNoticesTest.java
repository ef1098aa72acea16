package org.customervault.api.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.AGENT;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerViewVersionNotice;
import org.customervault.infra.postgres.ChannelListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Writes answer with what they wrote, woken by the view's version notices: also when this node's
 * listening connection is killed (they read the view themselves until it is back), and with 202
 * when the projection is held back past the timeout.
 */
class ViewVersionNoticesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Long enough that a write is answered while the killed listener is still away. */
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(15);

    @TempDir
    static Path dataDir;
    private static RunningVault vault;

    @BeforeAll
    static void start() {
        vault = RunningVault.start(dataDir, Map.of(
                "vault.consistency.read-your-writes-timeout", TIMEOUT.toMillis() + "ms",
                "vault.consistency.reconnect-pause", RECONNECT_PAUSE.toMillis() + "ms",
                "vault.consistency.longest-reconnect-pause", RECONNECT_PAUSE.toMillis() + "ms"));
    }

    @AfterAll
    static void stop() {
        vault.close();
        assertThat(Thread.getAllStackTraces().keySet()).as("the listener stops with its application")
                .noneMatch(thread -> thread.getName().equals("listener-" + CustomerViewVersionNotice.CHANNEL));
    }

    @Test
    void aWriteAnswersWithWhatItWroteAndItsNoticeCarriesNoPersonalData() throws Exception {
        try (Connection overhearing = vault.jdbc().getDataSource().getConnection()) {
            try (Statement listen = overhearing.createStatement()) {
                listen.execute("LISTEN " + CustomerViewVersionNotice.CHANNEL);
            }
            String id = register("Noticia Sin Datos", "quiet@example.com");
            Response rectified = vault.patch(AGENT, "/api/v1/customers/" + id, "{\"email\": \"quiet.2@example.com\"}");
            assertThat(rectified.status()).isEqualTo(200);
            assertThat(rectified.header("ETag")).isEqualTo("\"1\"");
            assertThat(rectified.json().get("email").asText()).isEqualTo("quiet.2@example.com");
            try (ViewVersionWaiters.Waiter waiter = vault.bean(ViewVersionWaiters.class).register(CustomerId.of(id), 2)) {
                assertThat(vault.post(AGENT, "/api/v1/customers/" + id + "/interactions",
                        "{\"channel\": \"PHONE\", \"summary\": \"llamada\", \"occurredAt\": \"2026-01-05T10:00:00Z\"}")
                        .status()).isEqualTo(201);
                assertThat(waiter.await(Duration.ofSeconds(10).toNanos())).as("woken by the notice")
                        .isEqualTo(ViewVersionWaiters.Wake.REACHED);
            }
            assertThat(vault.get(AGENT, "/api/v1/customers/" + id).header("ETag")).isEqualTo("\"2\"");

            List<String> payloads = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                payloads.addAll(heard(overhearing));
                assertThat(payloads).contains(id + ":0", id + ":1", id + ":2");
            });
            assertThat(payloads).allMatch(payload -> payload.matches("[0-9a-f-]{36}:\\d+"));
        }
        assertThat(vault.bean(ViewVersionWaiters.class).waiting()).isZero();
    }

    @Test
    void aWriteWaitingAfterItsNoticeWasSentReturnsAtOnce() {
        String id = register("Llega Tarde", "late@example.com");
        assertThat(vault.patch(AGENT, "/api/v1/customers/" + id, "{\"phone\": \"+5491100001111\"}").status())
                .isEqualTo(200);

        // the notices for versions 0 and 1 are gone: only the view's version can answer
        long started = System.nanoTime();
        assertThat(vault.bean(ReadYourWrites.class).awaitVersion(CustomerId.of(id), 1)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
    }

    @Test
    void writesAnswerWhileTheListeningConnectionIsKilledAndItIsReplaced() {
        ChannelListener listener = vault.bean(ChannelListener.class);
        await().atMost(Duration.ofSeconds(30)).until(listener::listening);
        int killed = listenerPid();
        assertThat(vault.superuserJdbc().queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, killed)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !listener.listening());

        String id = register("Sin Oído", "deaf@example.com");
        Response rectified = vault.patch(AGENT, "/api/v1/customers/" + id, "{\"email\": \"deaf.2@example.com\"}");
        assertThat(rectified.status()).as("the write read the view itself").isEqualTo(200);
        assertThat(rectified.json().get("email").asText()).isEqualTo("deaf.2@example.com");
        assertThat(listener.listening()).as("answered before the listener came back").isFalse();

        await().atMost(RECONNECT_PAUSE.multipliedBy(4)).until(listener::listening);
        assertThat(listenerPid()).isNotEqualTo(killed);
        Response again = vault.patch(AGENT, "/api/v1/customers/" + id, "{\"email\": \"deaf.3@example.com\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("email").asText()).isEqualTo("deaf.3@example.com");
    }

    @Test
    void aWriteWhoseViewIsHeldBackAnswers202AfterTheTimeoutWithTheViewAsItIs() throws Exception {
        String id = register("Fila Retenida", "held@example.com");
        Response rectified;
        long waited;
        try (Connection holder = vault.jdbc().getDataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT 1 FROM customer_view WHERE customer_id = ?::uuid FOR UPDATE")) {
                lock.setString(1, id);
                lock.executeQuery().close();
            }
            long started = System.nanoTime();
            rectified = vault.patch(AGENT, "/api/v1/customers/" + id, "{\"email\": \"held.2@example.com\"}");
            waited = System.nanoTime() - started;
            holder.rollback();
        }
        assertThat(rectified.status()).isEqualTo(202);
        assertThat(rectified.header("ETag")).as("the version the write left the customer at").isEqualTo("\"1\"");
        assertThat(rectified.json().get("email").asText()).as("the view as it is").isEqualTo("held@example.com");
        assertThat(Duration.ofNanos(waited)).isGreaterThanOrEqualTo(TIMEOUT);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                vault.get(AGENT, "/api/v1/customers/" + id).json().get("email").asText()).isEqualTo("held.2@example.com"));
        assertThat(vault.bean(ViewVersionWaiters.class).waiting()).isZero();
    }

    private static String register(String name, String email) {
        Response created = vault.post(AGENT, "/api/v1/customers",
                "{\"fullName\": \"" + name + "\", \"email\": \"" + email + "\"}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(vault.get(AGENT, "/api/v1/customers/" + id).status()).as("readable at once").isEqualTo(200);
        return id;
    }

    private static int listenerPid() {
        return vault.superuserJdbc().queryForObject("SELECT pid FROM pg_stat_activity WHERE application_name = ?",
                Integer.class, ReadYourWritesConfiguration.LISTENER);
    }

    private static List<String> heard(Connection connection) throws Exception {
        List<String> payloads = new ArrayList<>();
        PGNotification[] notices = connection.unwrap(PGConnection.class).getNotifications(100);
        if (notices != null) {
            for (PGNotification notice : notices) {
                payloads.add(notice.getParameter());
            }
        }
        return payloads;
    }
}
