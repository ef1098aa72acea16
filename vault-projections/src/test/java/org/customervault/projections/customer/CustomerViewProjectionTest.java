package org.customervault.projections.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.PostalAddress;
import org.customervault.domain.customer.Preferences;
import org.customervault.domain.customer.api.ConsentGrantedEvent;
import org.customervault.domain.customer.api.ConsentWithdrawnEvent;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.CustomerSummaryPage;
import org.customervault.domain.customer.api.CustomerView;
import org.customervault.domain.customer.api.EmailRectifiedEvent;
import org.customervault.domain.customer.api.FetchCustomerSummariesQuery;
import org.customervault.domain.customer.api.SearchKind;
import org.customervault.domain.customer.api.FetchCustomerViewQuery;
import org.customervault.domain.customer.api.FetchCustomerViewVersionQuery;
import org.customervault.domain.customer.api.FullNameRectifiedEvent;
import org.customervault.domain.customer.api.InteractionRecordedEvent;
import org.customervault.domain.customer.api.LegalHoldPlacedEvent;
import org.customervault.domain.customer.api.LegalHoldReleasedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictedEvent;
import org.customervault.domain.customer.api.PurchaseRecordedEvent;
import org.customervault.projections.ProjectionDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Handlers called directly, then the queries: no Spring, no Axon around them. */
class CustomerViewProjectionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @TempDir
    static Path directory;
    private static ProjectionDatabase database;
    private static CustomerViewProjection projection;
    private static CustomerViewQueries queries;

    @BeforeAll
    static void start() throws Exception {
        database = new ProjectionDatabase(directory);
        projection = new CustomerViewProjection(database.jdbc(), database.cipher(), database.keys());
        queries = new CustomerViewQueries(database.jdbc(), database.cipher(), database.keys());
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    private static CustomerRegisteredEvent registered(CustomerId id, String name, String email) {
        return new CustomerRegisteredEvent(id, name, email, "+5491112345678", "20-1", LocalDate.of(1990, 1, 2),
                new PostalAddress("Calle 1", null, "Salta", null, "4400", "AR"), new Preferences("es", Set.of(Channel.SMS)));
    }

    private static CustomerView view(CustomerId id) {
        return queries.handle(new FetchCustomerViewQuery(id)).orElseThrow();
    }

    @Test
    void aRegisteredCustomerHasAFullView() {
        CustomerId id = CustomerId.newId();
        projection.on(registered(id, "Inés Ríos", "ines@example.com"), 0, T0);

        CustomerView view = view(id);
        assertThat(view.fullName()).isEqualTo("Inés Ríos");
        assertThat(view.email()).isEqualTo("ines@example.com");
        assertThat(view.birthDate()).isEqualTo(LocalDate.of(1990, 1, 2));
        assertThat(view.address().city()).isEqualTo("Salta");
        assertThat(view.preferences().channels()).containsExactly(Channel.SMS);
        assertThat(view.status()).isEqualTo(CustomerView.Status.ACTIVE);
        assertThat(view.createdAt()).isEqualTo(T0);
        assertThat(queries.handle(new FetchCustomerViewVersionQuery(id))).isZero();
    }

    @Test
    void personalColumnsHoldOnlyCiphertext() {
        CustomerId id = CustomerId.newId();
        projection.on(registered(id, "Inés Ríos", "ines@example.com"), 0, T0);

        String stored = database.jdbc().queryForObject("SELECT full_name || email || phone || national_id || birth_date"
                + " || address || preferences FROM customer_view WHERE customer_id = ?::uuid", String.class, id.value());
        assertThat(stored).startsWith("cv1:").doesNotContain("Inés", "ines@", "5491112345678", "1990", "Salta");
    }

    @Test
    void anEventDeliveredTwiceChangesNothing() {
        CustomerId id = CustomerId.newId();
        projection.on(registered(id, "Inés Ríos", "ines@example.com"), 0, T0);
        PurchaseRecordedEvent purchase = new PurchaseRecordedEvent(id, "p-1", "A-1", new BigDecimal("10.50"), "USD", T0);
        InteractionRecordedEvent call = new InteractionRecordedEvent(id, "i-1", Channel.PHONE, "Llamó", T0.plusSeconds(60));

        projection.on(purchase, 1, T0);
        projection.on(call, 2, T0);
        projection.on(purchase, 1, T0);
        projection.on(call, 2, T0);
        projection.on(registered(id, "Someone Else", "else@example.com"), 0, T0);

        CustomerView view = view(id);
        assertThat(view.purchaseCount()).isEqualTo(1);
        assertThat(view.purchaseTotals()).containsExactly(new CustomerView.PurchaseTotal("USD", 1, new BigDecimal("10.5")));
        assertThat(view.recentInteractions()).hasSize(1);
        assertThat(view.fullName()).isEqualTo("Inés Ríos");
        assertThat(view.lastActivityAt()).isEqualTo(T0.plusSeconds(60));
    }

    private static final String NOTICE_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void rectificationsConsentsAndRestrictionsShow() {
        CustomerId id = CustomerId.newId();
        projection.on(registered(id, "Inés Ríos", "ines@example.com"), 0, T0);
        projection.on(new EmailRectifiedEvent(id, null), 1, T0.plusSeconds(1));
        projection.on(new ConsentGrantedEvent(id, "marketing", "v2"), 2, T0.plusSeconds(2));
        projection.on(new ProcessingRestrictedEvent(id, "pending verification"), 3, T0.plusSeconds(3));
        projection.on(new ConsentWithdrawnEvent(id, "profiling", "v3", NOTICE_SHA256, Channel.PHONE), 4, T0.plusSeconds(4));

        CustomerView view = view(id);
        assertThat(view.email()).isNull();
        assertThat(view.consents()).containsExactly(
                new CustomerView.Consent("marketing", true, "v2", null, null, T0.plusSeconds(2)),
                new CustomerView.Consent("profiling", false, "v3", NOTICE_SHA256, Channel.PHONE, T0.plusSeconds(4)));
        assertThat(view.status()).isEqualTo(CustomerView.Status.RESTRICTED);
        assertThat(view.updatedAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(view.version()).isEqualTo(4);
    }

    @Test
    void aLegalHoldShowsUntilReleasedAndAnOlderDeliveryDoesNotUndoIt() {
        CustomerId id = CustomerId.newId();
        projection.on(registered(id, "Inés Ríos", "ines@example.com"), 0, T0);
        assertThat(view(id).legalHold()).isFalse();

        projection.on(new LegalHoldPlacedEvent(id, "court order"), 1, T0.plusSeconds(1));
        assertThat(view(id).legalHold()).isTrue();
        projection.on(new LegalHoldReleasedEvent(id), 2, T0.plusSeconds(2));
        projection.on(new LegalHoldPlacedEvent(id, "court order"), 1, T0.plusSeconds(1));

        assertThat(view(id).legalHold()).isFalse();
        assertThat(view(id).version()).isEqualTo(2);
        assertThat(view(id).lastActivityAt()).as("a hold is no activity").isEqualTo(T0);
    }

    @Test
    void searchFollowsRectifications() {
        CustomerId id = CustomerId.newId();
        projection.on(registered(id, "Óscar Luna", "oscar.old@example.com"), 0, T0);
        projection.on(new EmailRectifiedEvent(id, "oscar.new@example.com"), 1, T0);

        assertThat(found("oscar.old@example.com")).doesNotContain(id);
        assertThat(found("OSCAR.NEW@example.com")).containsExactly(id);
        assertThat(found("oscar luna")).containsExactly(id);
        assertThat(found("osc")).isEmpty();

        projection.on(new FullNameRectifiedEvent(id, "Óscar Sol"), 2, T0);
        assertThat(found("oscar sol")).containsExactly(id);
        assertThat(found("luna")).doesNotContain(id);
        assertThat(found("oscar.new@example.com")).containsExactly(id);
    }

    @Test
    void anOlderOrRepeatedRectificationLeavesTheSearchAlone() {
        CustomerId id = CustomerId.newId();
        projection.on(registered(id, "Paula Vera", "paula.0@example.com"), 0, T0);
        projection.on(new EmailRectifiedEvent(id, "paula.2@example.com"), 2, T0);
        projection.on(new EmailRectifiedEvent(id, "paula.1@example.com"), 1, T0);
        projection.on(new EmailRectifiedEvent(id, "paula.2@example.com"), 2, T0);

        assertThat(found("paula.2@example.com")).containsExactly(id);
        assertThat(found("paula.1@example.com")).isEmpty();
        assertThat(found("paula.0@example.com")).isEmpty();
        assertThat(view(id).version()).isEqualTo(2);
    }

    @Test
    void aResetEmptiesTheViewWithItsConsentsTotalsInteractionsAndSearchTokens() {
        CustomerId id = CustomerId.newId();
        projection.on(registered(id, "Tomás Gil", "tomas@example.com"), 0, T0);
        projection.on(new ConsentGrantedEvent(id, "marketing", "v1"), 1, T0);
        projection.on(new PurchaseRecordedEvent(id, "p-1", "A-1", new BigDecimal("5.00"), "EUR", T0), 2, T0);
        projection.on(new InteractionRecordedEvent(id, "i-1", Channel.EMAIL, "Escribió", T0), 3, T0);

        projection.reset();

        assertThat(database.jdbc().queryForObject("""
                SELECT (SELECT count(*) FROM customer_view) + (SELECT count(*) FROM customer_consent)
                     + (SELECT count(*) FROM customer_purchase_total) + (SELECT count(*) FROM customer_interaction)
                     + (SELECT count(*) FROM customer_search)""", Long.class)).isZero();
        assertThat(queries.handle(new FetchCustomerViewQuery(id))).isEmpty();
    }

    @Test
    void theSearchTableHoldsOnlyKeyedTokens() {
        CustomerId id = CustomerId.newId();
        projection.on(registered(id, "Ximena Paz", "ximena@example.com"), 0, T0);

        assertThat(database.jdbc().queryForList("SELECT token FROM customer_search WHERE customer_id = ?::uuid",
                byte[].class, id.value())).hasSize(5).allSatisfy(token -> assertThat(token).hasSize(32));
    }

    private static java.util.List<CustomerId> found(String q) {
        CustomerSummaryPage page = queries.handle(FetchCustomerSummariesQuery.search(q, SearchKind.of(q), 50));
        return page.items().stream().map(CustomerSummaryPage.Summary::id).toList();
    }
}
