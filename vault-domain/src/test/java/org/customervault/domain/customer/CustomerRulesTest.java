package org.customervault.domain.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shape rules one by one: for each rule, values it must accept and values it must refuse, and
 * for a refused value the field it names (so a test of one rule cannot pass because another broke).
 */
class CustomerRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static List<String> brokenFields(Consumer<CustomerRules> check) {
        CustomerRules rules = CustomerRules.checkedAgainst(CLOCK);
        check.accept(rules);
        try {
            rules.orThrow();
            return List.of();
        } catch (InvalidCustomerDataException e) {
            return e.fields();
        }
    }

    // --- full name ---

    static Stream<String> validNames() {
        return Stream.of("Ana", "José Pérez", "O'Brien", "D’Artagnan", "Ana-María", "Martin Luther King, Jr.",
                "李小龍", "Αλέξανδρος", "محمد", "Nguyễn Văn A", "Jose\u0301", "Louis XIV", "3M", "x".repeat(200));
    }

    @ParameterizedTest
    @MethodSource("validNames")
    void acceptsAName(String name) {
        assertThat(brokenFields(rules -> rules.fullName(name))).isEmpty();
    }

    static Stream<String> invalidNames() {
        return Stream.of("", " ", "x".repeat(201), " Ana", "-Ana", "'Ana", "Ana_1", "<script>", "Ana\nMaría",
                "Robert'); DROP TABLE", "Ana\u0000");
    }

    @ParameterizedTest
    @NullSource
    @MethodSource("invalidNames")
    void refusesAName(String name) {
        assertThat(brokenFields(rules -> rules.fullName(name))).containsExactly("fullName");
    }

    // --- email ---

    static Stream<String> validEmails() {
        return Stream.of("jose@example.com", "o'brien+tag@mail.example.org", "user%x@ex-ample.io",
                "josé@correo.com.ar", "a@b.c", "a".repeat(64) + "@example.com");
    }

    @ParameterizedTest
    @NullSource
    @MethodSource("validEmails")
    void acceptsAnEmailOrNone(String email) {
        assertThat(brokenFields(rules -> rules.email(email))).isEmpty();
    }

    static Stream<String> invalidEmails() {
        return Stream.of("", "not-an-email", "jose@example", "@example.com", "jose@@example.com",
                "jose@example..com", "jose example@example.com", "jose@example.com ", "<jose@example.com>",
                "a".repeat(65) + "@example.com",
                // 257 characters: every part matches, only the total length is over 254
                "a@" + ("b".repeat(62) + ".").repeat(4) + "com");
    }

    @ParameterizedTest
    @MethodSource("invalidEmails")
    void refusesAnEmail(String email) {
        assertThat(brokenFields(rules -> rules.email(email))).containsExactly("email");
    }

    // --- phone (E.164) ---

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"+5491112345678", "+1234567", "+123456789012345", "+442071838750"})
    void acceptsAnE164PhoneOrNone(String phone) {
        assertThat(brokenFields(rules -> rules.phone(phone))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+123456", "+1234567890123456", "+0123456789", "5491112345678",
            "+54 9 11 1234-5678", "011 1234-5678", "+54911１2345678", "+5491112345678 "})
    void refusesAPhoneThatIsNotE164(String phone) {
        assertThat(brokenFields(rules -> rules.phone(phone))).containsExactly("phone");
    }

    // --- national id ---

    @ParameterizedTest
    @NullSource
    @MethodSource
    void acceptsANationalIdOrNone(String id) {
        assertThat(brokenFields(rules -> rules.nationalId(id))).isEmpty();
    }

    static Stream<String> acceptsANationalIdOrNone() {
        return Stream.of("20-12345678-9", "X", "AB 123.456/7", "Ñ1234", "x".repeat(64));
    }

    @ParameterizedTest
    @MethodSource
    void refusesANationalId(String id) {
        assertThat(brokenFields(rules -> rules.nationalId(id))).containsExactly("nationalId");
    }

    static Stream<String> refusesANationalId() {
        return Stream.of("", " 123", "-123", "123_456", "12;34", "x".repeat(65));
    }

    // --- birth date ---

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"1900-01-01", "1980-05-17", "2026-11-29"})
    void acceptsABirthDateInThePastSince1900(LocalDate date) {
        assertThat(brokenFields(rules -> rules.birthDate(date))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-30", "2027-01-01", "1899-12-31"})
    void refusesABirthDateTodayOrLaterOrBefore1900(LocalDate date) {
        assertThat(brokenFields(rules -> rules.birthDate(date))).containsExactly("birthDate");
    }

    // --- address ---

    private static PostalAddress address(String line1, String line2, String city, String region, String postalCode,
                                         String country) {
        return new PostalAddress(line1, line2, city, region, postalCode, country);
    }

    @Test
    void acceptsAnAddressOrNone() {
        assertThat(brokenFields(rules -> rules.address(null))).isEmpty();
        assertThat(brokenFields(rules -> rules.address(
                address("Av. Corrientes 1234", "Piso 3, Dto. B #4", "São Paulo", "SP", "C1043AAB", "BR")))).isEmpty();
        assertThat(brokenFields(rules -> rules.address(address("x".repeat(200), null, "x".repeat(100),
                "x".repeat(100), "x".repeat(20), "AR")))).isEmpty();
    }

    static Stream<Arguments> invalidAddresses() {
        return Stream.of(
                arguments(address(null, null, null, null, null, "AR"), "address.line1"),
                arguments(address(" ", null, null, null, null, "AR"), "address.line1"),
                arguments(address("x".repeat(201), null, null, null, null, "AR"), "address.line1"),
                arguments(address("Calle 1", "<b>2</b>", null, null, null, "AR"), "address.line2"),
                arguments(address("Calle 1", null, "x".repeat(101), null, null, "AR"), "address.city"),
                arguments(address("Calle 1", null, null, "a;b", null, "AR"), "address.region"),
                arguments(address("Calle 1", null, null, "${jndi:x}", null, "AR"), "address.region"),
                arguments(address("Calle 1", null, null, null, "x".repeat(21), "AR"), "address.postalCode"),
                arguments(address("Calle 1", null, null, null, "C1043\u0000", "AR"), "address.postalCode"),
                arguments(address("Calle 1", null, null, null, null, null), "address.country"),
                arguments(address("Calle 1", null, null, null, null, "XX"), "address.country"),
                arguments(address("Calle 1", null, null, null, null, "ar"), "address.country"),
                arguments(address("Calle 1", null, null, null, null, "ARG"), "address.country"));
    }

    @ParameterizedTest
    @MethodSource("invalidAddresses")
    void refusesAnAddressNamingTheLine(PostalAddress address, String field) {
        assertThat(brokenFields(rules -> rules.address(address))).containsExactly(field);
    }

    // --- preferred language (BCP 47 shape) ---

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"es", "ast", "es-AR", "zh-Hant-TW", "sr-Latn-RS-valencia", "es-419"})
    void acceptsALanguageTagOrNone(String language) {
        assertThat(brokenFields(rules -> rules.preferences(new Preferences(language, Set.of())))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "e", "espa", "es_AR", "es-", "es-A", "es-AR-x", "es-AR-Latn-RS-1234",
            "es-abcdefghi"})
    void refusesALanguageTag(String language) {
        assertThat(brokenFields(rules -> rules.preferences(new Preferences(language, Set.of()))))
                .containsExactly("preferences.language");
    }

    // --- interaction ---

    @ParameterizedTest
    @MethodSource
    void acceptsAnInteractionSummary(String summary) {
        assertThat(brokenFields(rules -> rules.interaction(Channel.PHONE, summary, NOW))).isEmpty();
    }

    static Stream<String> acceptsAnInteractionSummary() {
        return Stream.of("Asked about delivery", "line 1\nline 2\r\n\ttabbed", "Precio: $100 & 50% {ok}; a=b",
                "¿Dónde está mi pedido? 😊", "x".repeat(4000));
    }

    @ParameterizedTest
    @MethodSource
    void refusesAnInteractionSummary(String summary) {
        assertThat(brokenFields(rules -> rules.interaction(Channel.PHONE, summary, NOW)))
                .containsExactly("summary");
    }

    static Stream<String> refusesAnInteractionSummary() {
        return Stream.of(null, "", "  ", "x".repeat(4001), "<b>hi</b>", "a > b", "bell\u0007");
    }

    @Test
    void refusesAnInteractionWithoutChannel() {
        assertThat(brokenFields(rules -> rules.interaction(null, "Call", NOW))).containsExactly("channel");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00Z", "2026-11-30T12:00:00Z", "2026-11-30T12:05:00Z"})
    void acceptsAMomentUpToFiveMinutesAhead(Instant occurredAt) {
        assertThat(brokenFields(rules -> rules.interaction(Channel.EMAIL, "Call", occurredAt))).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"2026-11-30T12:05:01Z", "2027-01-01T00:00:00Z", "1969-12-31T23:59:59Z"})
    void refusesAMomentMissingFutureOrBefore1970(Instant occurredAt) {
        assertThat(brokenFields(rules -> rules.interaction(Channel.EMAIL, "Call", occurredAt)))
                .containsExactly("occurredAt");
    }

    // --- purchase ---

    static Stream<Arguments> validPurchases() {
        return Stream.of(
                arguments("A-1001", "42.00", "USD"),
                arguments("ORD/2026#17_b.c", "0", "EUR"),
                arguments("x".repeat(64), "1.10", "ARS"),
                arguments("A-1", "100", "JPY"),
                arguments("A-1", "100.0", "JPY"),
                arguments("A-1", "1.005", "BHD"),
                arguments("A-1", "999999999999999.99", "USD"));
    }

    @ParameterizedTest
    @MethodSource("validPurchases")
    void acceptsAPurchase(String orderRef, BigDecimal amount, String currency) {
        assertThat(brokenFields(rules -> rules.purchase(orderRef, amount, currency, NOW))).isEmpty();
    }

    static Stream<Arguments> invalidPurchases() {
        return Stream.of(
                arguments(null, "1", "USD", "orderRef"),
                arguments("", "1", "USD", "orderRef"),
                arguments("#1", "1", "USD", "orderRef"),
                arguments("A 1", "1", "USD", "orderRef"),
                arguments("x".repeat(65), "1", "USD", "orderRef"),
                arguments("A-1", null, "USD", "amount"),
                arguments("A-1", "-0.01", "USD", "amount"),
                arguments("A-1", "1.005", "USD", "amount"),
                arguments("A-1", "1.0050", "USD", "amount"),
                arguments("A-1", "100.5", "JPY", "amount"),
                arguments("A-1", "1e15", "USD", "amount"),
                arguments("A-1", "1000000000000000", "USD", "amount"),
                arguments("A-1", "1", null, "currency"),
                arguments("A-1", "1", "XYZ", "currency"),
                arguments("A-1", "1", "usd", "currency"),
                arguments("A-1", "1", "US", "currency"),
                arguments("A-1", "1", "USDX", "currency"));
    }

    @ParameterizedTest
    @MethodSource("invalidPurchases")
    void refusesAPurchaseNamingTheField(String orderRef, BigDecimal amount, String currency, String field) {
        assertThat(brokenFields(rules -> rules.purchase(orderRef, amount, currency, NOW))).containsExactly(field);
    }

    // --- consent ---

    @ParameterizedTest
    @ValueSource(strings = {"marketing-email", "a", "news_letter.v2", "0"})
    void acceptsAPurpose(String purpose) {
        assertThat(brokenFields(rules -> rules.consent(purpose, "2026-01", null))).isEmpty();
        assertThat(brokenFields(rules -> rules.consent(purpose.repeat(64 / purpose.length()), "2026-01", null))).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Marketing Email!", "MARKETING", "-x", "_x", "marketing email", "márketing"})
    void refusesAPurpose(String purpose) {
        assertThat(brokenFields(rules -> rules.consent(purpose, "2026-01", null))).containsExactly("purpose");
    }

    @Test
    void refusesAPurposeOver64Characters() {
        assertThat(brokenFields(rules -> rules.consent("x".repeat(65), "2026-01", null))).containsExactly("purpose");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01", "v1.2_rc", "1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void acceptsANoticeVersion(String version) {
        assertThat(brokenFields(rules -> rules.consent("marketing", version, null))).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", ".v1", "2026 01", "v1+2", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void refusesANoticeVersion(String version) {
        assertThat(brokenFields(rules -> rules.consent("marketing", version, null))).containsExactly("noticeVersion");
    }

    // --- restriction reason ---

    @ParameterizedTest
    @NullSource
    @MethodSource
    void acceptsARestrictionReasonOrNone(String reason) {
        assertThat(brokenFields(rules -> rules.reason(reason))).isEmpty();
    }

    static Stream<String> acceptsARestrictionReasonOrNone() {
        return Stream.of("disputes accuracy", "Art. 18(1)(a): accuracy contested;\nsee ticket #12", "x".repeat(500));
    }

    @ParameterizedTest
    @MethodSource
    void refusesARestrictionReason(String reason) {
        assertThat(brokenFields(rules -> rules.reason(reason))).containsExactly("reason");
    }

    static Stream<String> refusesARestrictionReason() {
        return Stream.of("x".repeat(501), "<script>", "nul\u0000");
    }

    // --- several rules at once ---

    @Test
    void namesEveryBrokenFieldInOrder() {
        assertThat(brokenFields(rules -> rules.fullName("Ana").email("nope").phone("12").birthDate(
                LocalDate.of(2030, 1, 1)))).containsExactly("email", "phone", "birthDate");
    }
}
