package org.customervault.projections.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.CustomerView;
import org.customervault.domain.customer.api.InteractionRecordedEvent;
import org.customervault.domain.customer.api.LegalHoldPlacedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictedEvent;
import org.customervault.domain.customer.Channel;
import org.customervault.projections.ProjectionDatabase;
import org.customervault.projections.customer.InactiveCustomers.Standing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InactiveCustomersTest {

    private static final Instant T0 = Instant.parse("2020-03-01T09:00:00Z");
    private static final List<CustomerView.Status> ANY = List.of(CustomerView.Status.values());

    @TempDir
    static Path directory;
    private static ProjectionDatabase database;
    private static CustomerViewProjection projection;
    private static InactiveCustomers inactive;

    @BeforeAll
    static void start() throws Exception {
        database = new ProjectionDatabase(directory);
        projection = new CustomerViewProjection(database.jdbc(), database.cipher(), database.keys());
        inactive = new InactiveCustomers(database.jdbc());
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void theLastActivityDecidesAndHoldsAndStatusesShow() {
        CustomerId dormant = register(T0);
        CustomerId calledLater = register(T0);
        projection.on(new InteractionRecordedEvent(calledLater, "i-1", Channel.PHONE, "Llamó", T0.plusSeconds(3600)), 1,
                T0.plusSeconds(3600));
        CustomerId held = register(T0.minusSeconds(60));
        projection.on(new LegalHoldPlacedEvent(held, "court order"), 1, T0.plusSeconds(7200));
        CustomerId restricted = register(T0.minusSeconds(120));
        projection.on(new ProcessingRestrictedEvent(restricted, null), 1, T0.plusSeconds(7200));
        CustomerId asking = register(T0.minusSeconds(30));
        request(asking, "IN_PROGRESS");
        CustomerId answered = register(T0.minusSeconds(20));
        request(answered, "REFUSED");
        List<CustomerId> mine = List.of(dormant, calledLater, held, restricted, asking, answered);
        Instant before = T0.plusSeconds(1800);

        assertThat(inactive.since(before, ANY, Standing.DUE, 100)).extracting(InactiveCustomers.Inactive::id)
                .filteredOn(mine::contains)
                .as("the longest inactive first; a hold, a restriction or a closed request is no activity")
                .containsExactly(answered, dormant);
        assertThat(inactive.since(before, ANY, Standing.DUE, 100)).filteredOn(customer -> mine.contains(customer.id()))
                .extracting(InactiveCustomers.Inactive::version).containsExactly(0L, 0L);
        assertThat(inactive.since(before, ANY, Standing.RESTRICTED, 100)).extracting(InactiveCustomers.Inactive::id)
                .filteredOn(mine::contains).as("kept while restricted (GDPR Art. 18(2))").containsExactly(restricted);
        assertThat(inactive.since(before, ANY, Standing.HELD, 100)).extracting(InactiveCustomers.Inactive::id)
                .filteredOn(mine::contains).containsExactly(held);
        assertThat(inactive.since(before, ANY, Standing.OPEN_REQUEST, 100)).extracting(InactiveCustomers.Inactive::id)
                .filteredOn(mine::contains).as("kept while a request about them is open").containsExactly(asking);
        assertThat(inactive.since(before, List.of(CustomerView.Status.RESTRICTED), Standing.DUE, 100))
                .extracting(InactiveCustomers.Inactive::id).filteredOn(mine::contains)
                .as("due to a policy for restricted customers alone").containsExactly(restricted);
        Map<Standing, Long> counts = inactive.count(before, ANY);
        assertThat(counts.get(Standing.OPEN_REQUEST)).isEqualTo(1L);
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum())
                .as("every inactive customer in one standing").isEqualTo(
                        inactive.since(before, ANY, Standing.DUE, 1000).size()
                                + inactive.since(before, ANY, Standing.HELD, 1000).size()
                                + inactive.since(before, ANY, Standing.RESTRICTED, 1000).size() + 1L);
        assertThat(inactive.since(before, ANY, Standing.DUE, 1)).hasSize(1);
    }

    @Test
    void customersKeptForAHoldNeverTakeTheDueOnesPlaces() {
        Instant longAgo = T0.minusSeconds(86_400 * 365L);
        for (int i = 0; i < 3; i++) {
            projection.on(new LegalHoldPlacedEvent(register(longAgo.minusSeconds(i)), "court order"), 1, longAgo);
        }
        CustomerId due = register(longAgo.plusSeconds(60));

        assertThat(inactive.since(longAgo.plusSeconds(120), ANY, Standing.DUE, 1))
                .extracting(InactiveCustomers.Inactive::id).containsExactly(due);
    }

    private static void request(CustomerId subject, String status) {
        database.jdbc().update("""
                INSERT INTO data_subject_request (id, subject_id, key_subject, kind, jurisdiction, time_zone, channel,
                    status, legal_source, received_at, received_on, due_on, created_at, created_by, verified_at,
                    verified_by, verification_method, closed_at, refusal_reason)
                VALUES (gen_random_uuid(), ?::uuid, ?, 'access', 'EU', 'Europe/Brussels', 'EMAIL', ?, 'GDPR, Art. 12(3)',
                    now(), current_date, current_date + 30, now(), 'compliance', now(), 'compliance', 'OTHER', now(),
                    'sealed')""", subject.value(), subject.value(), status);
    }

    private static CustomerId register(Instant at) {
        CustomerId id = CustomerId.newId();
        projection.on(new CustomerRegisteredEvent(id, "Inés Ríos", null, null, null, null, null, null), 0, at);
        return id;
    }
}
