package org.customervault.domain.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.hamcrest.Matchers;
import org.customervault.domain.customer.api.CompleteCustomerErasureCommand;
import org.customervault.domain.customer.api.ConfirmErasureAllowedCommand;
import org.customervault.domain.customer.api.ConsentGrantedEvent;
import org.customervault.domain.customer.api.ConsentWithdrawnEvent;
import org.customervault.domain.customer.api.CustomerErasedEvent;
import org.customervault.domain.customer.api.CustomerErasureRequestedEvent;
import org.customervault.domain.customer.api.CustomerRegisteredEvent;
import org.customervault.domain.customer.api.EmailRectifiedEvent;
import org.customervault.domain.customer.api.GrantConsentCommand;
import org.customervault.domain.customer.api.InteractionRecordedEvent;
import org.customervault.domain.customer.api.LegalHoldPlacedEvent;
import org.customervault.domain.customer.api.LegalHoldReleasedEvent;
import org.customervault.domain.customer.api.LiftProcessingRestrictionCommand;
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
import org.customervault.domain.customer.api.RequestCustomerErasureCommand;
import org.customervault.domain.customer.api.RestrictProcessingCommand;
import org.customervault.domain.customer.api.WithdrawConsentCommand;
import org.customervault.domain.customer.api.WithdrawObjectionCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomerTest {

    private static final CustomerId ID = CustomerId.of("0b6f3c3e-52a4-4d7e-9f4c-2f1f0c7a9a11");
    private static final PostalAddress ADDRESS =
            new PostalAddress("Av. Corrientes 1234", null, "Buenos Aires", "CABA", "C1043", "AR");
    private static final Preferences PREFERENCES = new Preferences("es-AR", Set.of(Channel.EMAIL));
    private static final CustomerRegisteredEvent REGISTERED = new CustomerRegisteredEvent(ID, "José Pérez",
            "jose@example.com", "+5491112345678", "20-12345678-9", LocalDate.of(1980, 5, 17), ADDRESS,
            PREFERENCES);

    private FixtureConfiguration<Customer> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Customer.class);
    }

    /** The command failed on exactly these fields' rules, and on no other. */
    private static Matcher<InvalidCustomerDataException> brokenRules(String... fields) {
        return new FeatureMatcher<>(Matchers.contains(fields), "invalid customer data on fields", "fields") {
            @Override
            protected List<String> featureValueOf(InvalidCustomerDataException actual) {
                return actual.fields();
            }
        };
    }

    private static RegisterCustomerCommand register(String fullName, String email, String phone, LocalDate birthDate) {
        return new RegisterCustomerCommand(ID, fullName, email, phone, "20-12345678-9", birthDate, ADDRESS, PREFERENCES);
    }

    private static RectifyCustomerCommand rectify(FieldUpdate<String> email, FieldUpdate<String> phone) {
        return new RectifyCustomerCommand(ID, null, email, phone, null, null, null, null);
    }

    @Test
    void canRegisterCustomer() {
        fixture.givenNoPriorActivity()
                .when(register("José Pérez", "jose@example.com", "+5491112345678", LocalDate.of(1980, 5, 17)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(REGISTERED);
    }

    @Test
    void canRegisterCustomerWithOnlyAFullName() {
        fixture.givenNoPriorActivity()
                .when(new RegisterCustomerCommand(ID, "Ana", null, null, null, null, null, null))
                .expectEvents(new CustomerRegisteredEvent(ID, "Ana", null, null, null, null, null, null));
    }

    @Test
    void cannotRegisterWithoutFullName() {
        fixture.givenNoPriorActivity()
                .when(register(" ", "jose@example.com", null, null))
                .expectNoEvents()
                .expectException(brokenRules("fullName"));
    }

    @Test
    void cannotRegisterWithAFullNameOver200Characters() {
        fixture.givenNoPriorActivity()
                .when(register("x".repeat(201), null, null, null))
                .expectNoEvents()
                .expectException(brokenRules("fullName"));
    }

    @Test
    void cannotRegisterWithInvalidEmail() {
        fixture.givenNoPriorActivity()
                .when(register("Ana", "not-an-email", null, null))
                .expectNoEvents()
                .expectException(brokenRules("email"));
    }

    @Test
    void cannotRegisterWithAPhoneThatIsNotE164() {
        fixture.givenNoPriorActivity()
                .when(register("Ana", null, "011 1234-5678", null))
                .expectNoEvents()
                .expectException(brokenRules("phone"));
    }

    @Test
    void cannotRegisterWithABirthDateInTheFuture() {
        fixture.givenNoPriorActivity()
                .when(register("Ana", null, null, LocalDate.now().plusDays(2)))
                .expectNoEvents()
                .expectException(brokenRules("birthDate"));
    }

    @Test
    void cannotRegisterWithAnUnknownCountry() {
        fixture.givenNoPriorActivity()
                .when(new RegisterCustomerCommand(ID, "Ana", null, null, null, null,
                        new PostalAddress("Calle 1", null, null, null, null, "XX"), null))
                .expectNoEvents()
                .expectException(brokenRules("address.country"));
    }

    @Test
    void canRectifyOnlyTheFieldsThatChange() {
        fixture.given(REGISTERED)
                .when(rectify(FieldUpdate.to("jose@example.com"), FieldUpdate.to("+5491187654321")))
                .expectEvents(new PhoneRectifiedEvent(ID, "+5491187654321"))
                .expectResultMessagePayload(1L);
    }

    @Test
    void canRemoveAnOptionalField() {
        fixture.given(REGISTERED)
                .when(rectify(FieldUpdate.clear(), null))
                .expectEvents(new EmailRectifiedEvent(ID, null));
    }

    @Test
    void cannotRemoveTheFullName() {
        fixture.given(REGISTERED)
                .when(new RectifyCustomerCommand(ID, FieldUpdate.clear(), null, null, null, null, null, null))
                .expectNoEvents()
                .expectException(brokenRules("fullName"));
    }

    @Test
    void cannotRectifyToAnInvalidEmail() {
        fixture.given(REGISTERED)
                .when(rectify(FieldUpdate.to("nope"), FieldUpdate.to("+5491187654321")))
                .expectNoEvents()
                .expectException(brokenRules("email"));
    }

    private static RectifyCustomerCommand rectifyAddress(FieldUpdate<PostalAddressPatch> address) {
        return new RectifyCustomerCommand(ID, null, null, null, null, null, address, null);
    }

    private static PostalAddressPatch addressPatch(FieldUpdate<String> line1, FieldUpdate<String> city,
                                                   FieldUpdate<String> country) {
        return new PostalAddressPatch(line1, null, city, null, null, country);
    }

    @Test
    void canRectifyNestedFieldAgainstItsOwnState() {
        // the city changed a moment before; a patch of line1 alone must keep it
        PostalAddress moved = new PostalAddress("Av. Corrientes 1234", null, "Rosario", "CABA", "C1043", "AR");
        fixture.given(REGISTERED, new PostalAddressRectifiedEvent(ID, moved))
                .when(rectifyAddress(FieldUpdate.to(addressPatch(FieldUpdate.to("Bv. Oroño 99"), null, null))))
                .expectEvents(new PostalAddressRectifiedEvent(ID,
                        new PostalAddress("Bv. Oroño 99", null, "Rosario", "CABA", "C1043", "AR")))
                .expectResultMessagePayload(2L);
    }

    @Test
    void canRemoveOneMemberOfTheAddress() {
        fixture.given(REGISTERED)
                .when(rectifyAddress(FieldUpdate.to(new PostalAddressPatch(null, null, null, FieldUpdate.clear(),
                        null, null))))
                .expectEvents(new PostalAddressRectifiedEvent(ID,
                        new PostalAddress("Av. Corrientes 1234", null, "Buenos Aires", null, "C1043", "AR")));
    }

    @Test
    void canRemoveTheWholeAddress() {
        fixture.given(REGISTERED)
                .when(rectifyAddress(FieldUpdate.clear()))
                .expectEvents(new PostalAddressRectifiedEvent(ID, null));
    }

    @Test
    void canRectifyNestedPreferencesMember() {
        fixture.given(REGISTERED)
                .when(new RectifyCustomerCommand(ID, null, null, null, null, null, null,
                        FieldUpdate.to(new PreferencesPatch(null, FieldUpdate.to(Set.of(Channel.WHATSAPP))))))
                .expectEvents(new PreferencesRectifiedEvent(ID, new Preferences("es-AR", Set.of(Channel.WHATSAPP))));
    }

    @Test
    void canGiveAnAddressToACustomerWithoutOne() {
        fixture.given(new CustomerRegisteredEvent(ID, "José Pérez", null, null, null, null, null, null))
                .when(rectifyAddress(FieldUpdate.to(addressPatch(FieldUpdate.to("Calle 1"), null,
                        FieldUpdate.to("UY")))))
                .expectEvents(new PostalAddressRectifiedEvent(ID,
                        new PostalAddress("Calle 1", null, null, null, null, "UY")));
    }

    @Test
    void aNestedPatchThatChangesNothingRecordsNothing() {
        fixture.given(REGISTERED)
                .when(rectifyAddress(FieldUpdate.to(addressPatch(null, FieldUpdate.to("Buenos Aires"), null))))
                .expectNoEvents()
                .expectResultMessagePayload(0L);
    }

    @Test
    void cannotRectifyTheAddressWithoutItsFirstLine() {
        fixture.given(REGISTERED)
                .when(rectifyAddress(FieldUpdate.to(addressPatch(FieldUpdate.clear(), null, null))))
                .expectNoEvents()
                .expectException(brokenRules("address.line1"));
    }

    @Test
    void cannotRectifyTheAddressToAnUnknownCountry() {
        fixture.given(REGISTERED)
                .when(rectifyAddress(FieldUpdate.to(addressPatch(null, FieldUpdate.to("Montevideo"),
                        FieldUpdate.to("ZZ")))))
                .expectNoEvents()
                .expectException(brokenRules("address.country"));
    }

    @Test
    void cannotGiveAnAddressWithoutCountryToACustomerWithoutOne() {
        fixture.given(new CustomerRegisteredEvent(ID, "José Pérez", null, null, null, null, null, null))
                .when(rectifyAddress(FieldUpdate.to(addressPatch(FieldUpdate.to("Calle 1"), null, null))))
                .expectNoEvents()
                .expectException(brokenRules("address.country"));
    }

    @Test
    void cannotRectifyPreferencesToAMalformedLanguage() {
        fixture.given(REGISTERED)
                .when(new RectifyCustomerCommand(ID, null, null, null, null, null, null,
                        FieldUpdate.to(new PreferencesPatch(FieldUpdate.to("not a tag!"), null))))
                .expectNoEvents()
                .expectException(brokenRules("preferences.language"));
    }

    @Test
    void canRecordInteraction() {
        Instant at = Instant.parse("2026-01-10T10:00:00Z");
        fixture.given(REGISTERED)
                .when(new RecordInteractionCommand(ID, "i-1", Channel.PHONE, "Asked about delivery", at))
                .expectEvents(new InteractionRecordedEvent(ID, "i-1", Channel.PHONE, "Asked about delivery", at));
    }

    @Test
    void cannotRecordAnInteractionInTheFuture() {
        fixture.given(REGISTERED)
                .when(new RecordInteractionCommand(ID, "i-1", Channel.PHONE, "Call",
                        Instant.now().plus(Duration.ofDays(1))))
                .expectNoEvents()
                .expectException(brokenRules("occurredAt"));
    }

    @Test
    void cannotRecordInteractionWhileRestricted() {
        fixture.given(REGISTERED, new ProcessingRestrictedEvent(ID, "disputes accuracy"))
                .when(new RecordInteractionCommand(ID, "i-1", Channel.PHONE, "Call", Instant.parse("2026-01-10T10:00:00Z")))
                .expectNoEvents()
                .expectException(ProcessingRestrictedException.class);
    }

    @Test
    void canRecordPurchase() {
        Instant at = Instant.parse("2026-01-10T10:00:00Z");
        fixture.given(REGISTERED)
                .when(new RecordPurchaseCommand(ID, "p-1", "A-1001", new BigDecimal("42.00"), "USD", at))
                .expectEvents(new PurchaseRecordedEvent(ID, "p-1", "A-1001", new BigDecimal("42.00"), "USD", at))
                .expectState(customer -> assertThat(customer.snapshot().orElseThrow().state().orders())
                        .as("the order is known by its reference").containsExactlyEntriesOf(Map.of("A-1001", "p-1")));
    }

    @Test
    void cannotRecordDuplicateOrderRef() {
        Instant at = Instant.parse("2026-01-10T10:00:00Z");
        fixture.given(REGISTERED, new PurchaseRecordedEvent(ID, "p-1", "A-1001", BigDecimal.TEN, "USD", at),
                        new PurchaseRecordedEvent(ID, "p-2", "A-1002", BigDecimal.TEN, "USD", at))
                .when(new RecordPurchaseCommand(ID, "p-3", "A-1001", BigDecimal.ONE, "USD", at))
                .expectNoEvents()
                .expectException(recordedAs("p-1"));
    }

    /** The refusal names the purchase recorded first with the order reference, and no other. */
    private static Matcher<DuplicateOrderException> recordedAs(String purchaseId) {
        return new FeatureMatcher<>(Matchers.equalTo(purchaseId), "duplicate order recorded as", "purchaseId") {
            @Override
            protected String featureValueOf(DuplicateOrderException actual) {
                return actual.purchaseId();
            }
        };
    }

    @Test
    void cannotRecordANegativeAmount() {
        fixture.given(REGISTERED)
                .when(new RecordPurchaseCommand(ID, "p-1", "A-1", new BigDecimal("-1"), "USD", Instant.parse("2026-01-10T10:00:00Z")))
                .expectNoEvents()
                .expectException(brokenRules("amount"));
    }

    @Test
    void cannotRecordAnUnknownCurrency() {
        fixture.given(REGISTERED)
                .when(new RecordPurchaseCommand(ID, "p-1", "A-1", BigDecimal.ONE, "XYZ", Instant.parse("2026-01-10T10:00:00Z")))
                .expectNoEvents()
                .expectException(brokenRules("currency"));
    }

    @Test
    void cannotRecordMoreDecimalsThanTheCurrencyHas() {
        fixture.given(REGISTERED)
                .when(new RecordPurchaseCommand(ID, "p-1", "A-1", new BigDecimal("1.005"), "USD", Instant.parse("2026-01-10T10:00:00Z")))
                .expectNoEvents()
                .expectException(brokenRules("amount"));
    }

    @Test
    void cannotRecordAnAmountWithMoreThanFifteenIntegerDigits() {
        fixture.given(REGISTERED)
                .when(new RecordPurchaseCommand(ID, "p-1", "A-1", new BigDecimal("1e15"), "USD", Instant.parse("2026-01-10T10:00:00Z")))
                .expectNoEvents()
                .expectException(brokenRules("amount"));
    }

    @Test
    void canRecordTheLargestAmount() {
        Instant at = Instant.parse("2026-01-10T10:00:00Z");
        fixture.given(REGISTERED)
                .when(new RecordPurchaseCommand(ID, "p-1", "A-1", new BigDecimal("999999999999999.99"), "USD", at))
                .expectEvents(new PurchaseRecordedEvent(ID, "p-1", "A-1", new BigDecimal("999999999999999.99"), "USD", at));
    }

    @Test
    void cannotRecordPurchaseWhileRestricted() {
        fixture.given(REGISTERED, new ProcessingRestrictedEvent(ID, null))
                .when(new RecordPurchaseCommand(ID, "p-1", "A-1", BigDecimal.ONE, "USD", Instant.parse("2026-01-10T10:00:00Z")))
                .expectNoEvents()
                .expectException(ProcessingRestrictedException.class);
    }

    @Test
    void canGrantConsent() {
        fixture.given(REGISTERED)
                .when(new GrantConsentCommand(ID, "marketing-email", "2026-01"))
                .expectEvents(new ConsentGrantedEvent(ID, "marketing-email", "2026-01"));
    }

    private static final String NOTICE_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void aConsentRecordsTheNoticeTextsHashAndTheChannel() {
        fixture.given(REGISTERED)
                .when(new GrantConsentCommand(ID, "marketing-email", "2026-01", NOTICE_SHA256, Channel.WEB, null))
                .expectEvents(new ConsentGrantedEvent(ID, "marketing-email", "2026-01", NOTICE_SHA256, Channel.WEB));
    }

    @Test
    void aWithdrawalRecordsTheNoticeTextsHashAndTheChannel() {
        fixture.given(REGISTERED, new ConsentGrantedEvent(ID, "marketing-email", "2026-01", NOTICE_SHA256, Channel.WEB))
                .when(new WithdrawConsentCommand(ID, "marketing-email", "2026-01", NOTICE_SHA256, Channel.PHONE, null))
                .expectEvents(new ConsentWithdrawnEvent(ID, "marketing-email", "2026-01", NOTICE_SHA256, Channel.PHONE));
    }

    @Test
    void cannotGrantConsentWithAMalformedNoticeHash() {
        fixture.given(REGISTERED)
                .when(new GrantConsentCommand(ID, "marketing-email", "2026-01", NOTICE_SHA256.toUpperCase(), null, null))
                .expectException(brokenRules("noticeSha256"));
    }

    @Test
    void canObjectToAPurposeWithAReason() {
        fixture.given(REGISTERED)
                .when(new ObjectToProcessingCommand(ID, "profiling", "Does not want to be profiled", null))
                .expectEvents(new ProcessingObjectedEvent(ID, "profiling", "Does not want to be profiled"));
    }

    @Test
    void objectingAgainChangesNothing() {
        fixture.given(REGISTERED, new ProcessingObjectedEvent(ID, "profiling", null))
                .when(new ObjectToProcessingCommand(ID, "profiling", "another reason", null))
                .expectNoEvents();
    }

    @Test
    void canWithdrawAnObjectionAndObjectAgain() {
        fixture.given(REGISTERED, new ProcessingObjectedEvent(ID, "profiling", null))
                .when(new WithdrawObjectionCommand(ID, "profiling", null))
                .expectEvents(new ObjectionWithdrawnEvent(ID, "profiling"));
        fixture.given(REGISTERED, new ProcessingObjectedEvent(ID, "profiling", null), new ObjectionWithdrawnEvent(ID, "profiling"))
                .when(new ObjectToProcessingCommand(ID, "profiling", null, null))
                .expectEvents(new ProcessingObjectedEvent(ID, "profiling", null));
    }

    @Test
    void withdrawingAnObjectionNeverMadeChangesNothing() {
        fixture.given(REGISTERED, new ProcessingObjectedEvent(ID, "marketing", null))
                .when(new WithdrawObjectionCommand(ID, "profiling", null))
                .expectNoEvents();
    }

    @Test
    void cannotObjectForAMalformedPurposeOrWithAMarkupReason() {
        fixture.given(REGISTERED)
                .when(new ObjectToProcessingCommand(ID, "Profiling!", "<b>no</b>", null))
                .expectException(brokenRules("purpose", "reason"));
    }

    @Test
    void cannotObjectOnceErased() {
        fixture.given(REGISTERED, new CustomerErasureRequestedEvent(ID))
                .when(new ObjectToProcessingCommand(ID, "profiling", null, null))
                .expectException(CustomerErasedException.class);
    }

    @Test
    void grantingTheSameConsentAgainChangesNothing() {
        fixture.given(REGISTERED, new ConsentGrantedEvent(ID, "marketing-email", "2026-01"))
                .when(new GrantConsentCommand(ID, "marketing-email", "2026-01"))
                .expectNoEvents();
    }

    @Test
    void canGrantConsentAgainUnderANewNotice() {
        fixture.given(REGISTERED, new ConsentGrantedEvent(ID, "marketing-email", "2026-01"))
                .when(new GrantConsentCommand(ID, "marketing-email", "2026-06"))
                .expectEvents(new ConsentGrantedEvent(ID, "marketing-email", "2026-06"));
    }

    @Test
    void canWithdrawConsent() {
        fixture.given(REGISTERED, new ConsentGrantedEvent(ID, "marketing-email", "2026-01"))
                .when(new WithdrawConsentCommand(ID, "marketing-email", "2026-01"))
                .expectEvents(new ConsentWithdrawnEvent(ID, "marketing-email", "2026-01"));
    }

    @Test
    void withdrawingTwiceChangesNothing() {
        fixture.given(REGISTERED, new ConsentWithdrawnEvent(ID, "marketing-email", "2026-01"))
                .when(new WithdrawConsentCommand(ID, "marketing-email", "2026-01"))
                .expectNoEvents();
    }

    @Test
    void cannotGrantConsentForAMalformedPurpose() {
        fixture.given(REGISTERED)
                .when(new GrantConsentCommand(ID, "Marketing Email!", "2026-01"))
                .expectNoEvents()
                .expectException(brokenRules("purpose"));
    }

    @Test
    void canRestrictProcessing() {
        fixture.given(REGISTERED)
                .when(new RestrictProcessingCommand(ID, "disputes accuracy"))
                .expectEvents(new ProcessingRestrictedEvent(ID, "disputes accuracy"));
    }

    @Test
    void restrictingTwiceChangesNothing() {
        fixture.given(REGISTERED, new ProcessingRestrictedEvent(ID, null))
                .when(new RestrictProcessingCommand(ID, "again"))
                .expectNoEvents();
    }

    @Test
    void canLiftARestriction() {
        fixture.given(REGISTERED, new ProcessingRestrictedEvent(ID, null))
                .when(new LiftProcessingRestrictionCommand(ID))
                .expectEvents(new ProcessingRestrictionLiftedEvent(ID));
    }

    @Test
    void liftingWithoutARestrictionChangesNothing() {
        fixture.given(REGISTERED)
                .when(new LiftProcessingRestrictionCommand(ID))
                .expectNoEvents();
    }

    @Test
    void canPlaceLegalHold() {
        fixture.given(REGISTERED)
                .when(new PlaceLegalHoldCommand(ID, "litigation"))
                .expectEvents(new LegalHoldPlacedEvent(ID, "litigation"));
    }

    @Test
    void placingAHoldTwiceChangesNothing() {
        fixture.given(REGISTERED, new LegalHoldPlacedEvent(ID, "litigation"))
                .when(new PlaceLegalHoldCommand(ID, "again"))
                .expectNoEvents();
    }

    @Test
    void cannotPlaceAHoldWithMarkupInTheReason() {
        fixture.given(REGISTERED)
                .when(new PlaceLegalHoldCommand(ID, "<b>litigation</b>"))
                .expectNoEvents()
                .expectException(brokenRules("reason"));
    }

    @Test
    void cannotPlaceAHoldOnceAnErasureIsUnderWay() {
        fixture.given(REGISTERED, new CustomerErasureRequestedEvent(ID))
                .when(new PlaceLegalHoldCommand(ID, "too late"))
                .expectNoEvents()
                .expectException(CustomerErasedException.class);
    }

    @Test
    void canReleaseLegalHold() {
        fixture.given(REGISTERED, new LegalHoldPlacedEvent(ID, "litigation"))
                .when(new ReleaseLegalHoldCommand(ID))
                .expectEvents(new LegalHoldReleasedEvent(ID));
    }

    @Test
    void releasingWithoutAHoldChangesNothing() {
        fixture.given(REGISTERED)
                .when(new ReleaseLegalHoldCommand(ID))
                .expectNoEvents();
    }

    @Test
    void cannotEraseWhileHeld() {
        fixture.given(REGISTERED, new LegalHoldPlacedEvent(ID, "litigation"))
                .when(new RequestCustomerErasureCommand(ID))
                .expectNoEvents()
                .expectException(LegalHoldException.class);
    }

    @Test
    void aHoldDoesNotStopReapplyingAnErasureWhoseKeyIsGone() {
        fixture.given(REGISTERED, new LegalHoldPlacedEvent(ID, "litigation"))
                .when(new RequestCustomerErasureCommand(ID, true))
                .expectEvents(new CustomerErasureRequestedEvent(ID));
    }

    @Test
    void cannotConfirmAnErasureWhileHeld() {
        fixture.given(REGISTERED, new LegalHoldPlacedEvent(ID, "litigation"))
                .when(new ConfirmErasureAllowedCommand(ID))
                .expectNoEvents()
                .expectException(LegalHoldException.class);
    }

    @Test
    void canEraseOnceTheHoldIsReleased() {
        fixture.given(REGISTERED, new LegalHoldPlacedEvent(ID, "litigation"), new LegalHoldReleasedEvent(ID))
                .when(new RequestCustomerErasureCommand(ID))
                .expectEvents(new CustomerErasureRequestedEvent(ID));
    }

    @Test
    void cannotEraseACustomerHeldInTheSnapshot() {
        fixture.given(new CustomerSnapshot(ID, STATE))
                .when(new RequestCustomerErasureCommand(ID))
                .expectNoEvents()
                .expectException(LegalHoldException.class);
    }

    @Test
    void canEraseCustomer() {
        fixture.given(REGISTERED)
                .when(new RequestCustomerErasureCommand(ID))
                .expectEvents(new CustomerErasureRequestedEvent(ID));
    }

    @Test
    void erasingTwiceChangesNothing() {
        fixture.given(REGISTERED, new CustomerErasureRequestedEvent(ID), new CustomerErasedEvent(ID, List.of("k-1")))
                .when(new RequestCustomerErasureCommand(ID))
                .expectNoEvents()
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void canCompleteAnErasure() {
        fixture.given(REGISTERED, new CustomerErasureRequestedEvent(ID))
                .when(new CompleteCustomerErasureCommand(ID, List.of("k-1")))
                .expectEvents(new CustomerErasedEvent(ID, List.of("k-1")));
    }

    @Test
    void cannotCompleteAnErasureNobodyAskedFor() {
        fixture.given(REGISTERED)
                .when(new CompleteCustomerErasureCommand(ID, List.of("k-1")))
                .expectNoEvents()
                .expectException(IllegalStateException.class);
    }

    @Test
    void cannotRectifyAnErasedCustomer() {
        fixture.given(REGISTERED, new CustomerErasureRequestedEvent(ID), new CustomerErasedEvent(ID, List.of("k-1")))
                .when(rectify(FieldUpdate.to("new@example.com"), null))
                .expectNoEvents()
                .expectException(CustomerErasedException.class);
    }

    @Test
    void cannotRecordAPurchaseWhileAnErasureIsUnderWay() {
        fixture.given(REGISTERED, new CustomerErasureRequestedEvent(ID))
                .when(new RecordPurchaseCommand(ID, "p-1", "A-1", BigDecimal.ONE, "USD", Instant.parse("2026-01-10T10:00:00Z")))
                .expectNoEvents()
                .expectException(CustomerErasedException.class);
    }

    @Test
    void anErasedRegistrationStillSourcesTheCustomer() {
        CustomerRegisteredEvent erasedRegistration = new CustomerRegisteredEvent(ID, null, null, null, null, null, null, null, true);
        fixture.given(erasedRegistration, new CustomerErasureRequestedEvent(ID), new CustomerErasedEvent(ID, List.of()))
                .when(new RequestCustomerErasureCommand(ID))
                .expectNoEvents();
    }

    private static final Instant AT = Instant.parse("2026-01-10T10:00:00Z");
    private static final CustomerSnapshot.State STATE = new CustomerSnapshot.State(8, "José Pérez", "new@example.com",
            "+5491112345678", "20-12345678-9", LocalDate.of(1980, 5, 17), ADDRESS, PREFERENCES, true, true,
            Map.of("marketing-email", new CustomerSnapshot.Consent(true, "2026-01")), Map.of("A-1001", "p-1"),
            Set.of("profiling"));

    @Test
    void aSnapshotHoldsWhatTheEventsBuilt() {
        AtomicReference<Optional<CustomerSnapshot>> taken = new AtomicReference<>();
        fixture.given(REGISTERED, new EmailRectifiedEvent(ID, "new@example.com"),
                        new ConsentGrantedEvent(ID, "marketing-email", "2026-01"),
                        new PurchaseRecordedEvent(ID, "p-1", "A-1001", BigDecimal.TEN, "USD", AT),
                        new ProcessingObjectedEvent(ID, "profiling", "no"),
                        new ProcessingObjectedEvent(ID, "marketing-email", null),
                        new ObjectionWithdrawnEvent(ID, "marketing-email"),
                        new ProcessingRestrictedEvent(ID, "disputed"), new LegalHoldPlacedEvent(ID, "litigation"))
                .when(new GrantConsentCommand(ID, "marketing-email", "2026-01"))
                .expectNoEvents()
                .expectState(customer -> taken.set(customer.snapshot()));

        assertThat(taken.get()).contains(new CustomerSnapshot(ID, STATE));
    }

    @Test
    void aCustomerLoadedFromASnapshotIsTheOneItWasTakenFrom() {
        AtomicReference<Optional<CustomerSnapshot>> taken = new AtomicReference<>();
        fixture.given(new CustomerSnapshot(ID, STATE))
                .when(new GrantConsentCommand(ID, "marketing-email", "2026-01"))
                .expectNoEvents()
                .expectState(customer -> taken.set(customer.snapshot()));

        // the fixture stores the snapshot at sequence number 0
        assertThat(taken.get()).contains(new CustomerSnapshot(ID, new CustomerSnapshot.State(0, STATE.fullName(),
                STATE.email(), STATE.phone(), STATE.nationalId(), STATE.birthDate(), STATE.address(), STATE.preferences(),
                STATE.restricted(), STATE.legalHold(), STATE.consents(), STATE.orders(), STATE.objections())));
    }

    @Test
    void aCustomerLoadedFromASnapshotKeepsItsObjections() {
        fixture.given(new CustomerSnapshot(ID, STATE))
                .when(new ObjectToProcessingCommand(ID, "profiling", "again", null))
                .expectNoEvents();
    }

    @Test
    void cannotRecordAnOrderOfTheSnapshotAgain() {
        fixture.given(new CustomerSnapshot(ID, STATE), new ProcessingRestrictionLiftedEvent(ID))
                .when(new RecordPurchaseCommand(ID, "p-2", "A-1001", BigDecimal.ONE, "USD", AT))
                .expectNoEvents()
                .expectException(recordedAs("p-1"));
    }

    @Test
    void canRecordAnotherOrderAfterASnapshot() {
        fixture.given(new CustomerSnapshot(ID, STATE), new ProcessingRestrictionLiftedEvent(ID))
                .when(new RecordPurchaseCommand(ID, "p-2", "A-1002", BigDecimal.ONE, "USD", AT))
                .expectEvents(new PurchaseRecordedEvent(ID, "p-2", "A-1002", BigDecimal.ONE, "USD", AT));
    }

    @Test
    void cannotRecordAnInteractionOfACustomerRestrictedInTheSnapshot() {
        fixture.given(new CustomerSnapshot(ID, STATE))
                .when(new RecordInteractionCommand(ID, "i-1", Channel.PHONE, "Call", AT))
                .expectNoEvents()
                .expectException(ProcessingRestrictedException.class);
    }

    @Test
    void takesNoSnapshotOnceAnErasureIsAskedFor() {
        AtomicReference<Optional<CustomerSnapshot>> taken = new AtomicReference<>();
        fixture.given(REGISTERED, new CustomerErasureRequestedEvent(ID))
                .when(new RequestCustomerErasureCommand(ID))
                .expectNoEvents()
                .expectState(customer -> taken.set(customer.snapshot()));

        assertThat(taken.get()).isEmpty();
    }

    @Test
    void cannotLoadFromASnapshotThatReadsAsErased() {
        fixture.given(new CustomerSnapshot(ID, null, true))
                .when(new RequestCustomerErasureCommand(ID))
                .expectException(Matchers.hasProperty("cause", Matchers.isA(IllegalStateException.class)));
    }
}
