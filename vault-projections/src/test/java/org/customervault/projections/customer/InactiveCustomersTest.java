package org.customervault.projections.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.CustomerView;
import org.customervault.domain.customer.api.InteractionRecordedEvent;
import org.customervault.domain.customer.api.LegalHoldPlacedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictedEvent;
import org.customervault.domain.customer.Channel;
import org.customervault.projections.ProjectionDatabase;
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
        Instant before = T0.plusSeconds(1800);

        List<InactiveCustomers.Inactive> found = inactive.since(before, ANY, 100).stream()
                .filter(customer -> List.of(dormant, calledLater, held, restricted).contains(customer.id())).toList();

        assertThat(found).as("the longest inactive first; a hold or a restriction is no activity").containsExactly(
                new InactiveCustomers.Inactive(restricted, false, 1), new InactiveCustomers.Inactive(held, true, 1),
                new InactiveCustomers.Inactive(dormant, false, 0));
        assertThat(inactive.since(before, List.of(CustomerView.Status.RESTRICTED), 100))
                .extracting(InactiveCustomers.Inactive::id).containsExactly(restricted);
        assertThat(inactive.count(before, ANY)).isEqualTo(new InactiveCustomers.Counts(2, 1));
        assertThat(inactive.since(before, ANY, 1)).hasSize(1);
    }

    private static CustomerId register(Instant at) {
        CustomerId id = CustomerId.newId();
        projection.on(new CustomerRegisteredEvent(id, "Inés Ríos", null, null, null, null, null, null), 0, at);
        return id;
    }
}
