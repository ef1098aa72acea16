package org.customervault.projections.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.AccessEntry;
import org.customervault.projections.ProjectionDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access log's filters, each applied only when given. */
class AccessLogFindTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final CustomerId ANA = CustomerId.newId();
    private static final CustomerId BEA = CustomerId.newId();

    @TempDir
    static Path directory;
    private static ProjectionDatabase database;
    private static AccessLog log;

    @BeforeAll
    static void start() throws Exception {
        database = new ProjectionDatabase(directory);
        log = new AccessLog(database.jdbc().getDataSource(), database.jdbc().getDataSource());
        log.append("agent", List.of(ANA), "read", "support", T0);
        log.append("agent", List.of(BEA), "read", "support", T0.plusSeconds(10));
        log.appendSearch("agent", List.of("email"), List.of(ANA), "search", "support", T0.plusSeconds(20));
    }

    @AfterAll
    static void stop() {
        log.close();
        database.close();
    }

    @Test
    void withoutFiltersEveryEntryOldestFirst() {
        assertThat(entries(null, null, null)).extracting(AccessEntry::subjectId)
                .containsExactly(ANA, BEA, null, ANA);
    }

    @Test
    void byCustomerWithoutTheSearchesOwnEntries() {
        List<AccessEntry> ana = entries(ANA, null, null);
        assertThat(ana).extracting(AccessEntry::action).containsExactly("read", "search");
        assertThat(ana.get(1).searchedBy()).containsExactly("email");
    }

    @Test
    void withinFromInclusiveToExclusive() {
        assertThat(entries(null, T0.plusSeconds(10), T0.plusSeconds(20))).extracting(AccessEntry::subjectId)
                .containsExactly(BEA);
        assertThat(entries(ANA, T0.plusSeconds(1), null)).extracting(AccessEntry::action)
                .containsExactly("search");
        assertThat(entries(null, null, T0.plusSeconds(10))).extracting(AccessEntry::subjectId)
                .containsExactly(ANA);
    }

    /** A user's entries are theirs exactly: another user, or the same name in other letters, finds none. */
    @Test
    void byActorExactly() {
        assertThat(log.find(new AccessLog.Window(null, null, null, "agent"), null, 0, 100).entries()).hasSize(4);
        assertThat(log.find(new AccessLog.Window(ANA, null, null, "agent"), null, 0, 100).entries()).hasSize(2);
        assertThat(log.find(new AccessLog.Window(null, null, null, "compliance"), null, 0, 100).entries()).isEmpty();
        assertThat(log.find(new AccessLog.Window(null, null, null, "AGENT"), null, 0, 100).entries()).isEmpty();
        assertThat(log.count(new AccessLog.Window(null, null, null, "compliance"), 100)).isZero();
    }

    @Test
    void inPagesByPosition() {
        AccessLog.Window everything = new AccessLog.Window(null, null, null);
        assertThat(log.find(everything, null, 2, 2).entries()).extracting(AccessEntry::subjectId)
                .containsExactly(null, ANA);
        AccessLog.Page first = log.find(everything, null, 0, 3);
        assertThat(first.entries()).extracting(AccessEntry::subjectId).containsExactly(ANA, BEA, null);
        AccessLog.Page second = log.find(everything, first.next(), 0, 3);
        assertThat(second.entries()).extracting(AccessEntry::subjectId).containsExactly(ANA);
        assertThat(second.next()).isNull();
    }

    @Test
    void countsNoFurtherThanTheCap() {
        assertThat(log.count(new AccessLog.Window(null, null, null), 100)).isEqualTo(4);
        assertThat(log.count(new AccessLog.Window(null, null, null), 2)).isEqualTo(2);
        assertThat(log.count(new AccessLog.Window(ANA, null, null), 100)).isEqualTo(2);
    }

    private static List<AccessEntry> entries(CustomerId subject, Instant from, Instant to) {
        return log.find(new AccessLog.Window(subject, from, to), null, 0, 100).entries();
    }
}
