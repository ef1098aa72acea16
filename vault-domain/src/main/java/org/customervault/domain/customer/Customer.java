package org.customervault.domain.customer;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.customervault.domain.customer.api.BirthDateRectifiedEvent;
import org.customervault.domain.customer.api.CompleteCustomerErasureCommand;
import org.customervault.domain.customer.api.ConfirmErasureAllowedCommand;
import org.customervault.domain.customer.api.ConsentGrantedEvent;
import org.customervault.domain.customer.api.ConsentWithdrawnEvent;
import org.customervault.domain.customer.api.CustomerErasedEvent;
import org.customervault.domain.customer.api.CustomerErasureRequestedEvent;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.EmailRectifiedEvent;
import org.customervault.domain.customer.api.RequestCustomerErasureCommand;
import org.customervault.domain.customer.api.FullNameRectifiedEvent;
import org.customervault.domain.customer.api.GrantConsentCommand;
import org.customervault.domain.customer.api.InteractionRecordedEvent;
import org.customervault.domain.customer.api.LegalHoldPlacedEvent;
import org.customervault.domain.customer.api.LegalHoldReleasedEvent;
import org.customervault.domain.customer.api.LiftProcessingRestrictionCommand;
import org.customervault.domain.customer.api.NationalIdRectifiedEvent;
import org.customervault.domain.customer.api.ObjectToProcessingCommand;
import org.customervault.domain.customer.api.ObjectionWithdrawnEvent;
import org.customervault.domain.customer.api.PhoneRectifiedEvent;
import org.customervault.domain.customer.api.PlaceLegalHoldCommand;
import org.customervault.domain.customer.api.PostalAddressRectifiedEvent;
import org.customervault.domain.customer.api.PreferencesRectifiedEvent;
import org.customervault.domain.customer.api.ProcessingObjectedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictedEvent;
import org.customervault.domain.customer.api.ProcessingRestrictionLiftedEvent;
import org.customervault.domain.customer.api.PurchaseRecordedEvent;
import org.customervault.domain.customer.api.RecordInteractionCommand;
import org.customervault.domain.customer.api.RecordPurchaseCommand;
import org.customervault.domain.customer.api.RectifyCustomerCommand;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.customervault.domain.customer.api.ReleaseLegalHoldCommand;
import org.customervault.domain.customer.api.RestrictProcessingCommand;
import org.customervault.domain.customer.api.WithdrawConsentCommand;
import org.customervault.domain.customer.api.WithdrawObjectionCommand;

/**
 * A customer, who is also the data subject of everything recorded here. Command handlers check
 * the rules and apply events; only the event-sourcing handlers change state. Every command
 * handler answers with the aggregate's version after it, so a caller can wait for read models
 * to reach that version.
 */
public class Customer {

    @AggregateIdentifier
    private CustomerId customerId;
    private long version;
    private String fullName;
    private String email;
    private String phone;
    private String nationalId;
    private LocalDate birthDate;
    private PostalAddress address;
    private Preferences preferences;
    private boolean restricted;
    private boolean legalHold;
    private boolean erasureRequested;
    private boolean erased;
    private final Map<String, CustomerSnapshot.Consent> consents = new HashMap<>();
    /** The purchase id recorded under each order reference: an order is recorded once. */
    private final Map<String, String> orders = new HashMap<>();
    private final Set<String> objections = new HashSet<>();

    protected Customer() {
        // for Axon's event sourcing
    }

    @CommandHandler
    public Customer(RegisterCustomerCommand command) {
        checkRegistration(command);
        apply(new CustomerRegisteredEvent(command.customerId(), command.fullName(), command.email(),
                command.phone(), command.nationalId(), command.birthDate(), command.address(),
                command.preferences()));
    }

    /**
     * The rules a registration meets, for the aggregate and for whoever prepares the new customer's
     * key before the command is handled (no key for a registration that will be refused).
     *
     * @throws InvalidCustomerDataException listing every field that breaks a rule
     */
    public static void checkRegistration(RegisterCustomerCommand command) {
        CustomerRules.checkedAgainst(GenericEventMessage.clock)
                .fullName(command.fullName())
                .email(command.email())
                .phone(command.phone())
                .nationalId(command.nationalId())
                .birthDate(command.birthDate())
                .address(command.address())
                .preferences(command.preferences())
                .orThrow();
    }

    /**
     * The address and the preferences are merged here, into the state this customer holds, so that
     * concurrent patches of different members of one of them cannot undo each other.
     */
    @CommandHandler
    public long handle(RectifyCustomerCommand command) {
        refuseOnceErased();
        FieldUpdate<PostalAddress> newAddress = merged(command.address(), patch -> patch.applyTo(address));
        FieldUpdate<Preferences> newPreferences = merged(command.preferences(), patch -> patch.applyTo(preferences));
        CustomerRules rules = CustomerRules.checkedAgainst(GenericEventMessage.clock);
        if (command.fullName() != null) {
            rules.fullName(command.fullName().value());
        }
        ifPresent(command.email(), rules::email);
        ifPresent(command.phone(), rules::phone);
        ifPresent(command.nationalId(), rules::nationalId);
        ifPresent(command.birthDate(), rules::birthDate);
        ifPresent(newAddress, rules::address);
        ifPresent(newPreferences, rules::preferences);
        rules.orThrow();

        if (changes(command.fullName(), fullName)) {
            apply(new FullNameRectifiedEvent(customerId, command.fullName().value()));
        }
        if (changes(command.email(), email)) {
            apply(new EmailRectifiedEvent(customerId, command.email().value()));
        }
        if (changes(command.phone(), phone)) {
            apply(new PhoneRectifiedEvent(customerId, command.phone().value()));
        }
        if (changes(command.nationalId(), nationalId)) {
            apply(new NationalIdRectifiedEvent(customerId, command.nationalId().value()));
        }
        if (changes(command.birthDate(), birthDate)) {
            apply(new BirthDateRectifiedEvent(customerId, command.birthDate().value()));
        }
        if (changes(newAddress, address)) {
            apply(new PostalAddressRectifiedEvent(customerId, newAddress.value()));
        }
        if (changes(newPreferences, preferences)) {
            apply(new PreferencesRectifiedEvent(customerId, newPreferences.value()));
        }
        return version;
    }

    @CommandHandler
    public long handle(RecordInteractionCommand command) {
        refuseOnceErased();
        CustomerRules.checkedAgainst(GenericEventMessage.clock)
                .interaction(command.channel(), command.summary(), command.occurredAt())
                .orThrow();
        refuseWhileRestricted();
        apply(new InteractionRecordedEvent(customerId, command.interactionId(), command.channel(),
                command.summary(), command.occurredAt()));
        return version;
    }

    @CommandHandler
    public long handle(RecordPurchaseCommand command) {
        refuseOnceErased();
        CustomerRules.checkedAgainst(GenericEventMessage.clock)
                .purchase(command.orderRef(), command.amount(), command.currency(), command.occurredAt())
                .orThrow();
        refuseWhileRestricted();
        String recorded = orders.get(command.orderRef());
        if (recorded != null) {
            throw new DuplicateOrderException(customerId, recorded);
        }
        apply(new PurchaseRecordedEvent(customerId, command.purchaseId(), command.orderRef(),
                command.amount(), command.currency(), command.occurredAt()));
        return version;
    }

    @CommandHandler
    public long handle(GrantConsentCommand command) {
        refuseOnceErased();
        CustomerRules.checkedAgainst(GenericEventMessage.clock)
                .consent(command.purpose(), command.noticeVersion(), command.noticeSha256())
                .orThrow();
        if (!new CustomerSnapshot.Consent(true, command.noticeVersion()).equals(consents.get(command.purpose()))) {
            apply(new ConsentGrantedEvent(customerId, command.purpose(), command.noticeVersion(),
                    command.noticeSha256(), command.channel()));
        }
        return version;
    }

    /** Withdrawing a consent that was never granted is still recorded: it is an objection. */
    @CommandHandler
    public long handle(WithdrawConsentCommand command) {
        refuseOnceErased();
        CustomerRules.checkedAgainst(GenericEventMessage.clock)
                .consent(command.purpose(), command.noticeVersion(), command.noticeSha256())
                .orThrow();
        if (!new CustomerSnapshot.Consent(false, command.noticeVersion()).equals(consents.get(command.purpose()))) {
            apply(new ConsentWithdrawnEvent(customerId, command.purpose(), command.noticeVersion(),
                    command.noticeSha256(), command.channel()));
        }
        return version;
    }

    /** Objecting again to a purpose already objected to changes nothing, whatever the reason. */
    @CommandHandler
    public long handle(ObjectToProcessingCommand command) {
        refuseOnceErased();
        CustomerRules.checkedAgainst(GenericEventMessage.clock)
                .objection(command.purpose(), command.reason())
                .orThrow();
        if (!objections.contains(command.purpose())) {
            apply(new ProcessingObjectedEvent(customerId, command.purpose(), command.reason()));
        }
        return version;
    }

    @CommandHandler
    public long handle(WithdrawObjectionCommand command) {
        refuseOnceErased();
        CustomerRules.checkedAgainst(GenericEventMessage.clock)
                .objection(command.purpose(), null)
                .orThrow();
        if (objections.contains(command.purpose())) {
            apply(new ObjectionWithdrawnEvent(customerId, command.purpose()));
        }
        return version;
    }

    @CommandHandler
    public long handle(RestrictProcessingCommand command) {
        refuseOnceErased();
        CustomerRules.checkedAgainst(GenericEventMessage.clock)
                .reason(command.reason())
                .orThrow();
        if (!restricted) {
            apply(new ProcessingRestrictedEvent(customerId, command.reason()));
        }
        return version;
    }

    @CommandHandler
    public long handle(LiftProcessingRestrictionCommand command) {
        refuseOnceErased();
        if (restricted) {
            apply(new ProcessingRestrictionLiftedEvent(customerId));
        }
        return version;
    }

    @CommandHandler
    public long handle(PlaceLegalHoldCommand command) {
        refuseOnceErased();
        CustomerRules.checkedAgainst(GenericEventMessage.clock)
                .reason(command.reason())
                .orThrow();
        if (!legalHold) {
            apply(new LegalHoldPlacedEvent(customerId, command.reason()));
        }
        return version;
    }

    @CommandHandler
    public long handle(ReleaseLegalHoldCommand command) {
        refuseOnceErased();
        if (legalHold) {
            apply(new LegalHoldReleasedEvent(customerId));
        }
        return version;
    }

    /** Nothing of an erasure is written for a held customer; one already under way goes on (no hold can stand then). */
    @CommandHandler
    public long handle(ConfirmErasureAllowedCommand command) {
        if (!erasureRequested && !erased) {
            refuseWhileHeld();
        }
        return version;
    }

    /**
     * Erasing twice, or while an erasure is under way, changes nothing. The hold is checked here too: this is
     * where erasure and a hold placed at the same moment are put in one order, and once the erasure is
     * requested no hold can be placed.
     */
    @CommandHandler
    public long handle(RequestCustomerErasureCommand command) {
        if (!erasureRequested && !erased) {
            if (!command.keyAlreadyDestroyed()) {
                refuseWhileHeld();
            }
            apply(new CustomerErasureRequestedEvent(customerId));
        }
        return version;
    }

    @CommandHandler
    public long handle(CompleteCustomerErasureCommand command) {
        if (!erasureRequested && !erased) {
            throw new IllegalStateException("customer " + customerId + " has no erasure under way");
        }
        if (!erased) {
            apply(new CustomerErasedEvent(customerId, command.keyIds()));
        }
        return version;
    }

    /**
     * The customer's state to store as a snapshot, or none once an erasure is asked for: the customer
     * then holds no personal data, and nothing of it is to be kept beside its events any more.
     */
    public Optional<CustomerSnapshot> snapshot() {
        if (erasureRequested || erased) {
            return Optional.empty();
        }
        return Optional.of(new CustomerSnapshot(customerId, new CustomerSnapshot.State(version, fullName, email, phone,
                nationalId, birthDate, address, preferences, restricted, legalHold, consents, orders, objections)));
    }

    /** Loading from a snapshot: the state as of the snapshot's sequence number, then the events after it. */
    @EventSourcingHandler
    void on(CustomerSnapshot snapshot, @SequenceNumber long sequence) {
        if (snapshot.personalDataErased()) {
            // the store never hands one on; a customer built from it would have lost its state
            throw new IllegalStateException("the snapshot of customer " + snapshot.customerId() + " reads as erased");
        }
        CustomerSnapshot.State state = snapshot.state();
        customerId = snapshot.customerId();
        fullName = state.fullName();
        email = state.email();
        phone = state.phone();
        nationalId = state.nationalId();
        birthDate = state.birthDate();
        address = state.address();
        preferences = state.preferences();
        restricted = state.restricted();
        legalHold = state.legalHold();
        consents.clear();
        consents.putAll(state.consents());
        orders.clear();
        orders.putAll(state.orders());
        objections.clear();
        objections.addAll(state.objections());
        version = sequence;
    }

    @EventSourcingHandler
    void on(CustomerRegisteredEvent event, @SequenceNumber long sequence) {
        customerId = event.customerId();
        fullName = event.fullName();
        email = event.email();
        phone = event.phone();
        nationalId = event.nationalId();
        birthDate = event.birthDate();
        address = event.address();
        preferences = event.preferences();
        version = sequence;
    }

    @EventSourcingHandler
    void on(FullNameRectifiedEvent event, @SequenceNumber long sequence) {
        fullName = event.fullName();
        version = sequence;
    }

    @EventSourcingHandler
    void on(EmailRectifiedEvent event, @SequenceNumber long sequence) {
        email = event.email();
        version = sequence;
    }

    @EventSourcingHandler
    void on(PhoneRectifiedEvent event, @SequenceNumber long sequence) {
        phone = event.phone();
        version = sequence;
    }

    @EventSourcingHandler
    void on(NationalIdRectifiedEvent event, @SequenceNumber long sequence) {
        nationalId = event.nationalId();
        version = sequence;
    }

    @EventSourcingHandler
    void on(BirthDateRectifiedEvent event, @SequenceNumber long sequence) {
        birthDate = event.birthDate();
        version = sequence;
    }

    @EventSourcingHandler
    void on(PostalAddressRectifiedEvent event, @SequenceNumber long sequence) {
        address = event.address();
        version = sequence;
    }

    @EventSourcingHandler
    void on(PreferencesRectifiedEvent event, @SequenceNumber long sequence) {
        preferences = event.preferences();
        version = sequence;
    }

    @EventSourcingHandler
    void on(InteractionRecordedEvent event, @SequenceNumber long sequence) {
        version = sequence;
    }

    @EventSourcingHandler
    void on(PurchaseRecordedEvent event, @SequenceNumber long sequence) {
        orders.put(event.orderRef(), event.purchaseId());
        version = sequence;
    }

    @EventSourcingHandler
    void on(ConsentGrantedEvent event, @SequenceNumber long sequence) {
        consents.put(event.purpose(), new CustomerSnapshot.Consent(true, event.noticeVersion()));
        version = sequence;
    }

    @EventSourcingHandler
    void on(ConsentWithdrawnEvent event, @SequenceNumber long sequence) {
        consents.put(event.purpose(), new CustomerSnapshot.Consent(false, event.noticeVersion()));
        version = sequence;
    }

    @EventSourcingHandler
    void on(ProcessingObjectedEvent event, @SequenceNumber long sequence) {
        objections.add(event.purpose());
        version = sequence;
    }

    @EventSourcingHandler
    void on(ObjectionWithdrawnEvent event, @SequenceNumber long sequence) {
        objections.remove(event.purpose());
        version = sequence;
    }

    @EventSourcingHandler
    void on(ProcessingRestrictedEvent event, @SequenceNumber long sequence) {
        restricted = true;
        version = sequence;
    }

    @EventSourcingHandler
    void on(ProcessingRestrictionLiftedEvent event, @SequenceNumber long sequence) {
        restricted = false;
        version = sequence;
    }

    @EventSourcingHandler
    void on(LegalHoldPlacedEvent event, @SequenceNumber long sequence) {
        legalHold = true;
        version = sequence;
    }

    @EventSourcingHandler
    void on(LegalHoldReleasedEvent event, @SequenceNumber long sequence) {
        legalHold = false;
        version = sequence;
    }

    @EventSourcingHandler
    void on(CustomerErasureRequestedEvent event, @SequenceNumber long sequence) {
        erasureRequested = true;
        forgetPersonalData();
        version = sequence;
    }

    @EventSourcingHandler
    void on(CustomerErasedEvent event, @SequenceNumber long sequence) {
        erased = true;
        version = sequence;
    }

    /** No command needs them once erasure is asked for, and a customer kept in memory must not hold them. */
    private void forgetPersonalData() {
        fullName = null;
        email = null;
        phone = null;
        nationalId = null;
        birthDate = null;
        address = null;
        preferences = null;
    }

    private void refuseOnceErased() {
        if (erasureRequested || erased) {
            throw new CustomerErasedException(customerId);
        }
    }

    private void refuseWhileRestricted() {
        if (restricted) {
            throw new ProcessingRestrictedException(customerId);
        }
    }

    private void refuseWhileHeld() {
        if (legalHold) {
            throw new LegalHoldException(customerId);
        }
    }

    private static <T> void ifPresent(FieldUpdate<T> update, Consumer<T> check) {
        if (update != null) {
            check.accept(update.value());
        }
    }

    /** A nested object's new value: removed as a whole, or the current one with the patch's members applied. */
    private static <P, T> FieldUpdate<T> merged(FieldUpdate<P> update, Function<P, T> applyToCurrent) {
        if (update == null) {
            return null;
        }
        return update.value() == null ? FieldUpdate.clear() : FieldUpdate.to(applyToCurrent.apply(update.value()));
    }

    private static <T> boolean changes(FieldUpdate<T> update, T current) {
        return update != null && !Objects.equals(update.value(), current);
    }
}
