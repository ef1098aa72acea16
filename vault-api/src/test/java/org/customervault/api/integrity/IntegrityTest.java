package org.customervault.api.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.customervault.api.VaultApplication;
import org.customervault.api.support.Jws;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.customervault.infra.integrity.IntegrityChainer;
import org.customervault.infra.keys.CheckpointFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hash chains against the database's superuser: each test changes, deletes, moves, inserts or
 * cuts off rows (or rewrites the chain itself) with SQL, behind the append-only triggers, expects the
 * exact first break from the endpoint and from the command-line check run as a process of its own,
 * then puts everything back and expects the history intact again. Crypto-shredding leaves it intact.
 */
class IntegrityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    @TempDir
    static Path work;
    private static RunningVault vault;
    private static Path publicKey;
    private static final List<String> customers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        vault = RunningVault.start(dataDir, Map.of("vault.integrity.chain-interval", "100ms",
                "vault.integrity.checkpoint-interval", "0s"));
        for (int i = 0; i < 4; i++) {
            Response created = vault.post(AGENT, "/api/v1/customers",
                    "{\"fullName\": \"Cadena " + i + "\", \"email\": \"cadena." + i + "@example.com\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            customers.add(created.json().get("id").asText());
        }
        assertThat(vault.patch(AGENT, "/api/v1/customers/" + customers.get(0), "{\"email\": \"nueva@example.com\"}")
                .status()).isIn(200, 202);
        vault.awaitReadModels();
        for (String customer : customers) {
            assertThat(vault.get(COMPLIANCE, "/api/v1/customers/" + customer).status()).isEqualTo(200);
        }
        assertThat(vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + customers.get(3), null, null).status())
                .isEqualTo(200);
        publicKey = work.resolve("signing-key.pem");
        Files.writeString(publicKey, vault.get(COMPLIANCE, "/api/v1/compliance/signing-key").json().get("pem").asText());
        awaitChainedAndSigned();
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    /** Every test puts back what it changed; the next one starts from an intact history. */
    @AfterEach
    void intactAgain() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(check().json().get("intact").asBoolean())
                .as(check().body()).isTrue());
        awaitChainedAndSigned();
    }

    @Test
    void anUntouchedHistoryIsIntactAfterAnErasureAndOnlyComplianceAndAdminMayCheckIt() throws Exception {
        JsonNode before = check().json();
        assertThat(before.get("intact").asBoolean()).as(before.toString()).isTrue();
        assertThat(before.has("firstBreak")).isTrue();
        assertThat(before.get("firstBreak").isNull()).isTrue();
        assertThat(before.get("checked").get("events").asLong()).isEqualTo(count("SELECT count(*) FROM domainevententry"));
        assertThat(before.get("checked").get("accessLog").asLong()).isEqualTo(count("SELECT count(*) FROM access_log"));
        assertThat(before.get("checked").get("erasureLedger").asLong()).isEqualTo(1);
        assertThat(before.get("checked").get("requestSteps").asLong())
                .isEqualTo(count("SELECT count(*) FROM data_subject_request_event"));
        assertThat(before.at("/checkpoint/keptOutside").asBoolean()).isTrue();

        Response erased = vault.send(ADMIN, "DELETE", "/api/v1/customers/" + customers.get(2), null, null);
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        awaitChainedAndSigned();

        Response after = vault.get(ADMIN, "/api/v1/compliance/integrity");
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().get("intact").asBoolean()).as("crypto-shredding leaves the chains intact: " + after.body())
                .isTrue();
        assertThat(after.json().get("checked").get("erasureLedger").asLong()).isEqualTo(2);
        assertThat(after.json().get("checked").get("events").asLong()).isGreaterThan(before.get("checked").get("events").asLong());
        assertThat(vault.get(AGENT, "/api/v1/compliance/integrity").status()).isEqualTo(403);
        assertThat(vault.get(null, "/api/v1/compliance/integrity").status()).isEqualTo(401);
        Cli offline = cli(true);
        assertThat(offline.status()).as(offline.output()).isZero();
        assertThat(offline.json()).as("the same JSON").isEqualTo(check().json());
    }

    @Test
    void aChangedByteOfAnEventsPayloadIsTheFirstBreak() throws Exception {
        Link target = links("events").get(2);
        asSuperuser("CREATE TABLE saved_event AS SELECT * FROM domainevententry WHERE eventidentifier = '" + target.key() + "'",
                "UPDATE domainevententry SET payload = set_byte(payload, 5, get_byte(payload, 5) # 1)"
                        + " WHERE eventidentifier = '" + target.key() + "'");
        try {
            assertFirstBreak("events", target.position(), target.key(), "changed");
            Cli offline = cli(true);
            assertThat(offline.status()).as(offline.output()).isEqualTo(1);
            assertThat(offline.json().get("firstBreak")).isEqualTo(check().json().get("firstBreak"));
        } finally {
            asSuperuser("UPDATE domainevententry e SET payload = s.payload FROM saved_event s"
                    + " WHERE e.eventidentifier = s.eventidentifier", "DROP TABLE saved_event");
        }
    }

    @Test
    void aDeletedAccessLogEntryIsTheFirstBreak() {
        Link target = links("accessLog").get(1);
        asSuperuser("CREATE TABLE saved_access AS SELECT * FROM access_log WHERE id = " + target.key(),
                "DELETE FROM access_log WHERE id = " + target.key());
        try {
            assertFirstBreak("accessLog", target.position(), target.key(), "deleted");
        } finally {
            asSuperuser("INSERT INTO access_log SELECT * FROM saved_access", "DROP TABLE saved_access");
        }
    }

    @Test
    void twoEventsSwappedInTheGlobalOrderAreTheFirstBreak() {
        List<Link> events = links("events");
        Link first = events.get(1);
        Link second = events.get(4);
        asSuperuser(swapped(first.place(), second.place()));
        try {
            assertFirstBreak("events", first.position(), first.key(), "reordered");
        } finally {
            asSuperuser(swapped(first.place(), second.place()));
        }
    }

    private static String[] swapped(long one, long other) {
        String move = "UPDATE domainevententry SET globalindex = %d WHERE globalindex = %d";
        return new String[] {move.formatted(-1, one), move.formatted(one, other), move.formatted(other, -1)};
    }

    @Test
    void aChangedCompletedCertificateIsTheFirstBreak() {
        Link target = links("erasureLedger").get(0);
        String requestedBy = vault.superuserJdbc().queryForObject(
                "SELECT requested_by FROM erasure_ledger WHERE subject_id = ?::uuid", String.class, target.key());
        asSuperuser("UPDATE erasure_ledger SET requested_by = 'someone else' WHERE subject_id = '" + target.key() + "'");
        try {
            assertFirstBreak("erasureLedger", target.position(), target.key(), "changed");
        } finally {
            asSuperuser("UPDATE erasure_ledger SET requested_by = '" + requestedBy + "' WHERE subject_id = '"
                    + target.key() + "'");
        }
    }

    /**
     * The append-only trigger keeps the vault from rewriting a request's history; a superuser turns
     * it off and moves a step's time, say to make a late answer look timely. The chain shows it.
     */
    @Test
    void aRequestStepMovedInTimeBehindTheAppendOnlyTriggerIsTheFirstBreak() throws Exception {
        Response received = vault.post(COMPLIANCE, "/api/v1/compliance/requests",
                "{\"kind\": \"access\", \"jurisdiction\": \"EU\", \"channel\": \"EMAIL\", \"receivedAt\": \""
                        + Instant.now() + "\"}");
        assertThat(received.status()).as(received.body()).isEqualTo(201);
        String request = received.json().get("id").asText();
        Response verified = vault.post(COMPLIANCE, "/api/v1/compliance/requests/" + request + "/verification",
                "{\"method\": \"OTHER\"}");
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        awaitChainedAndSigned();
        long step = vault.superuserJdbc().queryForObject("SELECT id FROM data_subject_request_event"
                + " WHERE request_id = ?::uuid AND action = 'verified'", Long.class, request);
        Link target = links("requestSteps").stream().filter(link -> link.place() == step).findFirst().orElseThrow();
        assertThat(target.key()).isEqualTo(Long.toString(step));

        asSuperuser("CREATE TABLE saved_step AS SELECT * FROM data_subject_request_event WHERE id = " + step,
                "UPDATE data_subject_request_event SET at = at - interval '3 days' WHERE id = " + step);
        try {
            assertFirstBreak("requestSteps", target.position(), target.key(), "changed");
            Cli offline = cli(true);
            assertThat(offline.status()).as(offline.output()).isEqualTo(1);
            assertThat(offline.json().get("firstBreak")).isEqualTo(check().json().get("firstBreak"));
        } finally {
            asSuperuser("UPDATE data_subject_request_event e SET at = s.at FROM saved_step s WHERE e.id = s.id",
                    "DROP TABLE saved_step");
        }
    }

    @Test
    void aRowPlacedWhereEveryRowWasChainedButNamedByNoLinkIsTheFirstBreak() {
        asSuperuser("INSERT INTO access_log (id, at, actor, subject_id, action) VALUES (-7, now(), 'nobody', NULL, 'planted')");
        try {
            assertFirstBreak("accessLog", null, "-7", "inserted-unchained");
        } finally {
            asSuperuser("DELETE FROM access_log WHERE id = -7");
        }
    }

    /**
     * An access-log entry whose transaction takes its id, then commits after entries with higher
     * ids were chained: the chainer waits for the gap while that transaction runs and links the
     * entry late, at a later position, rather than skipping it.
     */
    @Test
    void aRowCommittedAfterLaterRowsWereChainedIsLinkedLateNotSkipped() throws Exception {
        try (Connection late = vault.bean(DataSource.class).getConnection()) {
            late.setAutoCommit(false);
            long id;
            try (Statement statement = late.createStatement();
                 ResultSet row = statement.executeQuery("INSERT INTO access_log (at, actor, subject_id, action)"
                         + " VALUES (now(), 'late', NULL, 'customer.view') RETURNING id")) {
                row.next();
                id = row.getLong(1);
            }
            assertThat(vault.get(COMPLIANCE, "/api/v1/customers/" + customers.get(0)).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> links("accessLog").stream().anyMatch(link -> link.place() > id));
            await("not linked while its transaction runs").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> links("accessLog").stream().noneMatch(link -> link.place() == id));
            assertThat(vault.superuserJdbc().queryForObject("SELECT through FROM integrity_watermark WHERE log = 'accessLog'",
                    Long.class)).as("the watermark waits below the gap").isLessThan(id);
            late.commit();

            await().atMost(Duration.ofSeconds(30)).until(() -> links("accessLog").stream().anyMatch(link -> link.place() == id));
            List<Link> linked = links("accessLog");
            Link lateLink = linked.stream().filter(link -> link.place() == id).findFirst().orElseThrow();
            Link laterRow = linked.stream().filter(link -> link.place() == id + 1).findFirst().orElseThrow();
            assertThat(lateLink.position()).as("chained in the order linked").isGreaterThan(laterRow.position());
        }
        awaitChainedAndSigned();
        assertThat(check().json().get("intact").asBoolean()).isTrue();
    }

    /**
     * The superuser changes an event and recomputes its row hash and every link after it in SQL,
     * so that the chain is consistent again: only the signature of the first checkpoint after the
     * change tells the chain is not the one that was signed.
     */
    @Test
    void aChainRecomputedInSqlIsCaughtByTheSignatureOfTheNextCheckpoint() throws Exception {
        Link target = links("events").get(1);
        long signedAt = signedPositions("events").stream().filter(position -> position >= target.position())
                .min(Long::compare).orElseThrow();
        Link expected = links("events").get((int) signedAt - 1);
        asSuperuser("CREATE TABLE saved_event AS SELECT * FROM domainevententry WHERE eventidentifier = '" + target.key() + "'",
                "UPDATE domainevententry SET payload = set_byte(payload, 5, get_byte(payload, 5) # 1)"
                        + " WHERE eventidentifier = '" + target.key() + "'",
                RECHAIN_EVENTS_FUNCTION, "SELECT pg_temp.rechain_events(" + target.position() + ")");
        try {
            assertFirstBreak("events", expected.position(), expected.key(), "link-rewritten");
            Cli offline = cli(false);
            assertThat(offline.status()).as("the database's own checkpoints suffice: " + offline.output()).isEqualTo(1);
            assertThat(offline.json().at("/firstBreak/kind").asText()).isEqualTo("link-rewritten");
        } finally {
            asSuperuser("UPDATE domainevententry e SET payload = s.payload FROM saved_event s"
                    + " WHERE e.eventidentifier = s.eventidentifier", "DROP TABLE saved_event",
                    RECHAIN_EVENTS_FUNCTION, "SELECT pg_temp.rechain_events(" + target.position() + ")");
        }
    }

    /**
     * The superuser cuts off the end of the access log with its links and every checkpoint that
     * names them: what is left in the database is consistent, so only the checkpoint kept outside
     * it shows the cut.
     */
    @Test
    void anEndCutOffWithItsCheckpointsIsCaughtByTheCheckpointKeptOutside() throws Exception {
        List<Link> access = links("accessLog");
        Link lastKept = access.get(access.size() - 3);
        long firstCutCheckpoint = checkpoints().entrySet().stream()
                .filter(checkpoint -> checkpoint.getValue().at("/logs/accessLog/position").asLong() > lastKept.position())
                .mapToLong(Map.Entry::getKey).min().orElseThrow();
        asSuperuser("CREATE TABLE cut_access AS SELECT * FROM access_log WHERE id > " + lastKept.place(),
                "CREATE TABLE cut_links AS SELECT * FROM integrity_link WHERE log = 'accessLog' AND position > "
                        + lastKept.position(),
                "CREATE TABLE cut_checkpoints AS SELECT * FROM integrity_checkpoint WHERE sequence >= " + firstCutCheckpoint,
                "DELETE FROM access_log WHERE id > " + lastKept.place(),
                "DELETE FROM integrity_link WHERE log = 'accessLog' AND position > " + lastKept.position(),
                "DELETE FROM integrity_checkpoint WHERE sequence >= " + firstCutCheckpoint);
        try {
            assertFirstBreak("accessLog", lastKept.position() + 1, null, "truncated");
            Cli withoutTheKeptCheckpoint = cli(false);
            assertThat(withoutTheKeptCheckpoint.status()).as("the database alone looks intact: "
                    + withoutTheKeptCheckpoint.output()).isZero();
            Cli withIt = cli(true);
            assertThat(withIt.status()).as(withIt.output()).isEqualTo(1);
            assertThat(withIt.json().get("firstBreak")).isEqualTo(check().json().get("firstBreak"));
        } finally {
            asSuperuser("INSERT INTO access_log SELECT * FROM cut_access",
                    "INSERT INTO integrity_link SELECT * FROM cut_links",
                    "INSERT INTO integrity_checkpoint SELECT * FROM cut_checkpoints",
                    "DROP TABLE cut_access", "DROP TABLE cut_links", "DROP TABLE cut_checkpoints");
        }
    }

    /** An attacker's recomputation of the events chain from a position on, as PostgreSQL's own sha256 allows. */
    private static final String RECHAIN_EVENTS_FUNCTION = """
            CREATE FUNCTION pg_temp.field(value bytea) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
                SELECT CASE WHEN value IS NULL THEN int4send(-1) ELSE int4send(length(value)) || value END
            $$;
            CREATE FUNCTION pg_temp.rechain_events(start bigint) RETURNS void LANGUAGE plpgsql AS $$
            DECLARE
                chained record;
                e record;
                previous bytea;
                new_hash bytea;
                next_link bytea;
            BEGIN
                SELECT link INTO previous FROM integrity_link WHERE log = 'events' AND position = start - 1;
                previous := COALESCE(previous, ''::bytea);
                FOR chained IN SELECT position, row_key FROM integrity_link WHERE log = 'events' AND position >= start
                               ORDER BY position LOOP
                    SELECT * INTO e FROM domainevententry WHERE eventidentifier = chained.row_key;
                    new_hash := sha256(pg_temp.field(convert_to('customer-vault/integrity/row/v1', 'UTF8'))
                        || pg_temp.field(convert_to('events', 'UTF8')) || pg_temp.field(int8send(e.globalindex))
                        || pg_temp.field(convert_to(e.eventidentifier, 'UTF8'))
                        || pg_temp.field(convert_to(e.aggregateidentifier, 'UTF8'))
                        || pg_temp.field(int8send(e.sequencenumber)) || pg_temp.field(convert_to(e.type, 'UTF8'))
                        || pg_temp.field(convert_to(e.timestamp, 'UTF8')) || pg_temp.field(convert_to(e.payloadtype, 'UTF8'))
                        || pg_temp.field(convert_to(e.payloadrevision, 'UTF8')) || pg_temp.field(e.payload)
                        || pg_temp.field(e.metadata));
                    next_link := sha256(pg_temp.field(convert_to('customer-vault/integrity/link/v1', 'UTF8'))
                        || pg_temp.field(convert_to('events', 'UTF8')) || pg_temp.field(int8send(chained.position))
                        || pg_temp.field(previous) || pg_temp.field(new_hash));
                    UPDATE integrity_link SET row_hash = new_hash, link = next_link
                    WHERE log = 'events' AND position = chained.position;
                    previous := next_link;
                END LOOP;
            END
            $$""";

    private static void assertFirstBreak(String log, Long position, String rowKey, String kind) {
        Response checked = check();
        assertThat(checked.status()).as(checked.body()).isEqualTo(200);
        JsonNode report = checked.json();
        assertThat(report.get("intact").asBoolean()).as(checked.body()).isFalse();
        JsonNode found = report.get("firstBreak");
        assertThat(found.get("log").asText()).as(checked.body()).isEqualTo(log);
        assertThat(found.get("kind").asText()).as(checked.body()).isEqualTo(kind);
        if (position == null) {
            assertThat(found.get("position").isNull()).as(checked.body()).isTrue();
        } else {
            assertThat(found.get("position").asLong()).as(checked.body()).isEqualTo(position);
        }
        if (rowKey == null) {
            assertThat(found.get("rowKey").isNull()).as(checked.body()).isTrue();
        } else {
            assertThat(found.get("rowKey").asText()).as(checked.body()).isEqualTo(rowKey);
        }
    }

    private static Response check() {
        return vault.get(COMPLIANCE, "/api/v1/compliance/integrity");
    }

    private record Link(long position, String key, long place) {
    }

    private static List<Link> links(String log) {
        return vault.superuserJdbc().query("SELECT position, row_key, row_place FROM integrity_link WHERE log = ?"
                + " ORDER BY position", (row, n) -> new Link(row.getLong(1), row.getString(2), row.getLong(3)), log);
    }

    /** Every checkpoint in the database, by sequence, as its signed payload. */
    private static Map<Long, JsonNode> checkpoints() {
        Map<Long, JsonNode> checkpoints = new TreeMap<>();
        vault.superuserJdbc().query("SELECT sequence, jws FROM integrity_checkpoint", row -> {
            checkpoints.put(row.getLong(1), Jws.parse(row.getString(2)).payloadJson());
        });
        return checkpoints;
    }

    private static List<Long> signedPositions(String log) {
        return checkpoints().values().stream().map(payload -> payload.at("/logs/" + log + "/position").asLong()).toList();
    }

    /** Waits until every row is linked and the checkpoint kept outside the database names each chain's end. */
    private static void awaitChainedAndSigned() {
        JdbcTemplate jdbc = vault.superuserJdbc();
        Path kept = dataDir.resolve("keys").resolve(CheckpointFile.FILE_NAME);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Long> rows = Map.of("events", count("SELECT count(*) FROM domainevententry"),
                    "accessLog", count("SELECT count(*) FROM access_log"),
                    "erasureLedger", count("SELECT count(*) FROM erasure_ledger WHERE completion IS NOT NULL"),
                    "requestSteps", count("SELECT count(*) FROM data_subject_request_event"));
            assertThat(Files.exists(kept)).isTrue();
            JsonNode newest = Jws.parse(Files.readString(kept).strip()).payloadJson();
            rows.forEach((log, count) -> {
                assertThat(jdbc.queryForObject("SELECT count(*) FROM integrity_link WHERE log = ?", Long.class, log))
                        .as("links of " + log).isEqualTo(count);
                assertThat(newest.at("/logs/" + log + "/position").asLong()).as("kept checkpoint of " + log).isEqualTo(count);
            });
        });
    }

    private static long count(String sql) {
        return vault.superuserJdbc().queryForObject(sql, Long.class);
    }

    /**
     * Runs the statements in one transaction as the superuser, with triggers off (the event store's
     * immutability trigger included) and holding the chainer's lock, so that no pass runs halfway
     * through the change.
     */
    private static void asSuperuser(String... statements) {
        vault.superuserJdbc().execute((ConnectionCallback<Void>) connection -> {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL session_replication_role = replica");
                statement.execute("SELECT pg_advisory_xact_lock(" + IntegrityChainer.LOCK + ")");
                for (String sql : statements) {
                    statement.execute(sql);
                }
                connection.commit();
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            }
            return null;
        });
    }

    private record Cli(int status, String output) {

        JsonNode json() throws Exception {
            return JSON.readTree(output);
        }
    }

    /** The command-line check, as an operator runs it, in a JVM of its own. */
    private static Cli cli(boolean withKeptCheckpoint) throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), VaultApplication.class.getName(), "check-integrity",
                "--pg-credentials", dataDir.resolve("pg-credentials").toString(),
                "--public-key", publicKey.toString()));
        if (withKeptCheckpoint) {
            command.addAll(List.of("--checkpoint", dataDir.resolve("keys").resolve(CheckpointFile.FILE_NAME).toString()));
        }
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Cli(process.exitValue(), output);
    }

}
