package org.customervault.projections.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerErasedEvent;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.FetchCustomerTimelineQuery;
import org.customervault.domain.customer.api.InteractionRecordedEvent;
import org.customervault.domain.customer.api.ObjectionWithdrawnEvent;
import org.customervault.domain.customer.api.PhoneRectifiedEvent;
import org.customervault.domain.customer.api.ProcessingObjectedEvent;
import org.customervault.domain.customer.api.PurchaseRecordedEvent;
import org.customervault.domain.customer.api.TimelinePage;
import org.customervault.projections.ProjectionDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomerTimelineProjectionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @TempDir
    static Path directory;
    private static ProjectionDatabase database;
    private static CustomerTimelineProjection projection;

    @BeforeAll
    static void start() throws Exception {
        database = new ProjectionDatabase(directory);
        projection = new CustomerTimelineProjection(database.jdbc(), database.cipher());
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void showsEventsNewestFirstWithPersonalDetailsDecrypted() {
        CustomerId id = CustomerId.newId();
        projection.on(new CustomerRegisteredEvent(id, "Ana", null, null, null, null, null, null), 0, T0, "agent-1");
        projection.on(new InteractionRecordedEvent(id, "i-1", Channel.CHAT, "Pidió factura", T0.plusSeconds(10)), 1, T0, "agent-1");
        projection.on(new PurchaseRecordedEvent(id, "p-1", "A-9", new BigDecimal("5.00"), "ARS", T0.plusSeconds(20)), 2, T0, "agent-2");
        projection.on(new PhoneRectifiedEvent(id, "+5491112345678"), 3, T0.plusSeconds(30), "agent-2");

        TimelinePage page = projection.handle(FetchCustomerTimelineQuery.first(id, 10));

        assertThat(page.total()).isEqualTo(4);
        assertThat(page.items()).extracting(TimelinePage.Entry::kind)
                .containsExactly("RECTIFIED", "PURCHASE", "INTERACTION", "REGISTERED");
        assertThat(page.items().get(0).details()).containsEntry("field", "phone").containsEntry("removed", false)
                .doesNotContainValue("+5491112345678");
        assertThat(page.items().get(1).details()).containsEntry("amount", "5.00").containsEntry("currency", "ARS");
        assertThat(page.items().get(2).details()).containsEntry("summary", "Pidió factura").containsEntry("channel", "CHAT");
        assertThat(page.items().get(3).actor()).isEqualTo("agent-1");
        assertThat(database.jdbc().queryForObject("SELECT personal FROM customer_timeline WHERE customer_id = ?::uuid AND sequence = 1",
                String.class, id.value())).startsWith("cv1:").doesNotContain("factura");
    }

    @Test
    void anObjectionAndItsWithdrawalAreEntriesTheirReasonSealed() {
        CustomerId id = CustomerId.newId();
        projection.on(new CustomerRegisteredEvent(id, "Ana", null, null, null, null, null, null), 0, T0, "agent-1");
        projection.on(new ProcessingObjectedEvent(id, "profiling", "No quiere perfiles"), 1, T0.plusSeconds(10), "agent-1");
        projection.on(new ObjectionWithdrawnEvent(id, "profiling"), 2, T0.plusSeconds(20), "agent-2");

        List<TimelinePage.Entry> entries = projection.handle(FetchCustomerTimelineQuery.first(id, 10)).items();

        assertThat(entries).extracting(TimelinePage.Entry::kind)
                .containsExactly("OBJECTION_WITHDRAWN", "PROCESSING_OBJECTED", "REGISTERED");
        assertThat(entries.get(1).details()).containsEntry("purpose", "profiling")
                .containsEntry("reason", "No quiere perfiles");
        assertThat(entries.get(0).details()).containsEntry("purpose", "profiling");
        assertThat(database.jdbc().queryForObject("SELECT personal FROM customer_timeline WHERE customer_id = ?::uuid"
                + " AND sequence = 1", String.class, id.value())).startsWith("cv1:").doesNotContain("perfiles");
    }

    @Test
    void writesTheEntriesOfABatchWhenItsUnitOfWorkCommits() {
        CustomerId id = CustomerId.newId();
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        projection.on(new CustomerRegisteredEvent(id, "Ana", null, null, null, null, null, null), 0, T0, "agent-1");
        projection.on(new PhoneRectifiedEvent(id, "+5491112345678"), 1, T0, "agent-1");
        assertThat(projection.handle(FetchCustomerTimelineQuery.first(id, 10)).total()).isZero();

        batch.commit();

        assertThat(projection.handle(FetchCustomerTimelineQuery.first(id, 10)).total()).isEqualTo(2);
    }

    @Test
    void cannotKeepEntriesOfABatchThatAlsoErasedTheCustomer() {
        CustomerId id = CustomerId.newId();
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        projection.on(new CustomerRegisteredEvent(id, "Ana", null, null, null, null, null, null), 0, T0, "agent-1");
        projection.on(new CustomerErasedEvent(id, List.of("k-1")));
        batch.commit();

        assertThat(projection.handle(FetchCustomerTimelineQuery.first(id, 10)).total()).isZero();
    }

    @Test
    void anEventDeliveredTwiceIsShownOnce() {
        CustomerId id = CustomerId.newId();
        CustomerRegisteredEvent registered = new CustomerRegisteredEvent(id, "Ana", null, null, null, null, null, null);
        projection.on(registered, 0, T0, null);
        projection.on(registered, 0, T0, null);

        assertThat(projection.handle(FetchCustomerTimelineQuery.first(id, 10)).total()).isEqualTo(1);
    }

    @Test
    void aResetEmptiesTheTimeline() {
        CustomerId id = CustomerId.newId();
        projection.on(new CustomerRegisteredEvent(id, "Ana", null, null, null, null, null, null), 0, T0, null);

        projection.reset();

        assertThat(database.jdbc().queryForObject("SELECT count(*) FROM customer_timeline", Long.class)).isZero();
    }

    @Test
    void eventsReadAsErasedLeaveNoPersonalRowsAndTheErasureEmptiesTheTimeline() {
        CustomerId id = CustomerId.newId();
        projection.on(new CustomerRegisteredEvent(id, null, null, null, null, null, null, null, true), 0, T0, null);
        projection.on(new PhoneRectifiedEvent(id, null, true), 1, T0, null);
        projection.on(new InteractionRecordedEvent(id, "i-1", Channel.CHAT, null, T0, true), 2, T0, null);
        projection.on(new PurchaseRecordedEvent(id, "p-1", "A-9", BigDecimal.ONE, "ARS", T0), 3, T0, null);

        assertThat(projection.handle(FetchCustomerTimelineQuery.first(id, 10)).items())
                .extracting(TimelinePage.Entry::kind).containsExactly("PURCHASE");

        projection.on(new CustomerErasedEvent(id, List.of("k-1")));
        assertThat(projection.handle(FetchCustomerTimelineQuery.first(id, 10)).total()).isZero();
    }
}
