package org.customervault.projections.customer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.interceptors.MessageHandlerInterceptor;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.BirthDateRectifiedEvent;
import org.customervault.domain.customer.api.ConsentGrantedEvent;
import org.customervault.domain.customer.api.ConsentWithdrawnEvent;
import org.customervault.domain.customer.api.CustomerErasedEvent;
import org.customervault.domain.customer.api.CustomerErasureRequestedEvent;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.CustomerView;
import org.customervault.domain.customer.api.EmailRectifiedEvent;
import org.customervault.domain.customer.api.FullNameRectifiedEvent;
import org.customervault.domain.customer.api.InteractionRecordedEvent;
import org.customervault.domain.customer.api.LegalHoldPlacedEvent;
import org.customervault.domain.customer.api.LegalHoldReleasedEvent;
import org.customervault.domain.customer.api.NationalIdRectifiedEvent;
import org.customervault.domain.customer.api.ObjectionWithdrawnEvent;
import org.customervault.domain.customer.api.PhoneRectifiedEvent;
import org.customervault.domain.customer.api.PostalAddressRectifiedEvent;
import org.customervault.domain.customer.api.PreferencesRectifiedEvent;
import org.customervault.domain.customer.api.ProcessingObjectedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictionLiftedEvent;
import org.customervault.domain.customer.api.PurchaseRecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the customer 360 read model; {@link CustomerViewQueries} reads it. Each handler decides
 * what an event changes and seals its personal values; where the change goes is a
 * {@link CustomerViewWrites}: the database at once ({@link CustomerViewStatements}, for the tracking
 * processor), or rows in memory that a bulk rebuild writes once ({@link CustomerViewFold}). Each
 * event moves a customer's row to the event's sequence number only if the row is behind it, and
 * changes the row's children only when it did, so an event delivered twice changes nothing.
 */
@ProcessingGroup(CustomerViewProjection.PROCESSING_GROUP)
public class CustomerViewProjection {

    public static final String PROCESSING_GROUP = "customer-view";

    private final CustomerViewWrites writes;
    private final CustomerViewRows rows;
    /** Absent in the bulk rebuild's fold: its rows are written by chunk, and no write waits on a replay. */
    private final CustomerViewVersionNotices notices;

    public CustomerViewProjection(JdbcTemplate jdbc, SubjectCipher cipher, BlindIndexKeys keys) {
        this(new CustomerViewStatements(jdbc, keys), cipher, new CustomerViewVersionNotices(jdbc));
    }

    CustomerViewProjection(CustomerViewWrites writes, SubjectCipher cipher) {
        this(writes, cipher, null);
    }

    private CustomerViewProjection(CustomerViewWrites writes, SubjectCipher cipher, CustomerViewVersionNotices notices) {
        this.writes = writes;
        this.rows = new CustomerViewRows(cipher);
        this.notices = notices;
    }

    /**
     * Every event this projection handles moves one customer's view: its version is announced when
     * the batch commits, to wake the writes waiting for it on any node. Replayed events are not
     * announced: no write waits for them (a write made during a rebuild is a live event of its own),
     * and a rebuild need not flood every node with notices.
     */
    @MessageHandlerInterceptor(messageType = EventMessage.class)
    Object announceVersion(EventMessage<?> event, InterceptorChain chain) throws Exception {
        Object result = chain.proceed();
        if (notices != null && event instanceof DomainEventMessage<?> domainEvent && !ReplayToken.isReplay(event)) {
            customerOf(domainEvent).ifPresent(notices::changed);
        }
        return result;
    }

    /** The aggregate's identifier is the customer id; anything else is no customer of this view. */
    private static Optional<UUID> customerOf(DomainEventMessage<?> event) {
        try {
            return Optional.of(UUID.fromString(event.getAggregateIdentifier()));
        } catch (IllegalArgumentException | NullPointerException notACustomer) {
            return Optional.empty();
        }
    }

    @ResetHandler
    void reset() {
        writes.reset();
    }

    @EventHandler
    void on(CustomerRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (event.personalDataErased()) {
            return;
        }
        CustomerId id = event.customerId();
        writes.register(new CustomerViewWrites.Registration(id, sequence, at,
                rows.seal(id, ViewColumn.FULL_NAME.name, event.fullName()),
                rows.seal(id, ViewColumn.EMAIL.name, event.email()),
                rows.seal(id, ViewColumn.PHONE.name, event.phone()),
                rows.seal(id, ViewColumn.NATIONAL_ID.name, event.nationalId()),
                rows.seal(id, ViewColumn.BIRTH_DATE.name, event.birthDate()),
                rows.seal(id, ViewColumn.ADDRESS.name, event.address()),
                rows.seal(id, ViewColumn.PREFERENCES.name, event.preferences())), search -> {
            List<SearchTokens.Token> tokens = new ArrayList<>(search.ofName(event.fullName()));
            tokens.addAll(search.ofEmail(event.email()));
            tokens.addAll(search.ofPhone(event.phone()));
            tokens.addAll(search.ofNationalId(event.nationalId()));
            return tokens;
        });
    }

    @EventHandler
    void on(FullNameRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setIndexedColumn(event.customerId(), ViewColumn.FULL_NAME, event.fullName(), sequence, at,
                SearchTokens.NAME_WORD, tokens -> tokens.ofName(event.fullName()));
    }

    @EventHandler
    void on(EmailRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setIndexedColumn(event.customerId(), ViewColumn.EMAIL, event.email(), sequence, at,
                SearchTokens.EMAIL, tokens -> tokens.ofEmail(event.email()));
    }

    @EventHandler
    void on(PhoneRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setIndexedColumn(event.customerId(), ViewColumn.PHONE, event.phone(), sequence, at,
                SearchTokens.PHONE, tokens -> tokens.ofPhone(event.phone()));
    }

    @EventHandler
    void on(NationalIdRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setIndexedColumn(event.customerId(), ViewColumn.NATIONAL_ID, event.nationalId(), sequence, at,
                SearchTokens.NATIONAL_ID, tokens -> tokens.ofNationalId(event.nationalId()));
    }

    @EventHandler
    void on(BirthDateRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setPersonalColumn(event.customerId(), ViewColumn.BIRTH_DATE, event.birthDate(), sequence, at);
    }

    @EventHandler
    void on(PostalAddressRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setPersonalColumn(event.customerId(), ViewColumn.ADDRESS, event.address(), sequence, at);
    }

    @EventHandler
    void on(PreferencesRectifiedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setPersonalColumn(event.customerId(), ViewColumn.PREFERENCES, event.preferences(), sequence, at);
    }

    @EventHandler
    void on(ProcessingRestrictedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writes.setStatus(event.customerId(), CustomerView.Status.RESTRICTED, sequence, at);
    }

    @EventHandler
    void on(ProcessingRestrictionLiftedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writes.setStatus(event.customerId(), CustomerView.Status.ACTIVE, sequence, at);
    }

    @EventHandler
    void on(LegalHoldPlacedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writes.setLegalHold(event.customerId(), true, sequence, at);
    }

    @EventHandler
    void on(LegalHoldReleasedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writes.setLegalHold(event.customerId(), false, sequence, at);
    }

    @EventHandler
    void on(ConsentGrantedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setConsent(event.customerId(), event.purpose(), true, event.noticeVersion(), event.noticeSha256(),
                event.channel(), sequence, at);
    }

    @EventHandler
    void on(ProcessingObjectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (writes.advance(event.customerId(), sequence, at, null)) {
            writes.addObjection(event.customerId(), event.purpose(), at);
        }
    }

    @EventHandler
    void on(ObjectionWithdrawnEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (writes.advance(event.customerId(), sequence, at, null)) {
            writes.removeObjection(event.customerId(), event.purpose());
        }
    }

    @EventHandler
    void on(ConsentWithdrawnEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        setConsent(event.customerId(), event.purpose(), false, event.noticeVersion(), event.noticeSha256(),
                event.channel(), sequence, at);
    }

    @EventHandler
    void on(InteractionRecordedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        CustomerId id = event.customerId();
        if (writes.advance(id, sequence, at, event.occurredAt())) {
            writes.addInteraction(id, event.interactionId(), event.channel(),
                    rows.sealInteractionSummary(id, event.interactionId(), event.summary()), event.occurredAt());
        }
    }

    @EventHandler
    void on(PurchaseRecordedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (writes.advance(event.customerId(), sequence, at, event.occurredAt())) {
            writes.addPurchase(event.customerId(), event.currency(), event.amount());
        }
    }

    @EventHandler
    void on(CustomerErasureRequestedEvent event) {
        purge(event.customerId());
    }

    @EventHandler
    void on(CustomerErasedEvent event) {
        purge(event.customerId());
    }

    /** Deletes the customer's row with its consents, totals, interactions and search tokens. */
    public void purge(CustomerId id) {
        writes.purge(id);
    }

    private void setPersonalColumn(CustomerId id, ViewColumn column, Object value, long sequence, Instant at) {
        writes.setColumn(id, column, rows.seal(id, column.name, value), sequence, at);
    }

    private void setIndexedColumn(CustomerId id, ViewColumn column, Object value, long sequence, Instant at,
                                  String kind, java.util.function.Function<SearchTokens, List<SearchTokens.Token>> tokensOf) {
        writes.setIndexedColumn(id, column, rows.seal(id, column.name, value), sequence, at, kind, tokensOf);
    }

    private void setConsent(CustomerId id, String purpose, boolean granted, String noticeVersion, String noticeSha256,
                            Channel channel, long sequence, Instant at) {
        if (writes.advance(id, sequence, at, null)) {
            writes.setConsent(id, purpose, granted, noticeVersion, noticeSha256, channel, at);
        }
    }
}
