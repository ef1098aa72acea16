package org.customervault.domain.customer;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.customervault.domain.customer.InvalidCustomerDataException.Violation;

/**
 * The shape rules of a customer's data, collected field by field so one answer lists every
 * problem. Messages describe the rule and never repeat the value.
 */
final class CustomerRules {

    static final int MAX_NAME = 200;
    static final int MAX_TEXT = 200;
    static final int MAX_SUMMARY = 4000;
    /** Up to 999 trillion in any currency: room for any real order, and for totals of many in the read model. */
    static final int MAX_AMOUNT_INTEGER_DIGITS = 15;
    /** Clocks of the systems that send us events may run slightly ahead of ours. */
    static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);
    static final LocalDate EARLIEST_BIRTH_DATE = LocalDate.of(1900, 1, 1);
    static final Instant EARLIEST_EVENT = Instant.parse("1970-01-01T00:00:00Z");

    private static final Pattern EMAIL = Pattern.compile("^[\\p{L}\\p{N}._%+'-]{1,64}@[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)+$");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
    private static final Pattern NATIONAL_ID = Pattern.compile("^[\\p{L}\\p{N}][\\p{L}\\p{N} ./-]{0,63}$");
    private static final Pattern LANGUAGE_TAG = Pattern.compile("^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$");
    private static final Pattern NOTICE_VERSION = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$");
    private static final Pattern SHA256_HEX = Pattern.compile("^[0-9a-f]{64}$");
    private static final Pattern ORDER_REF = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._/#-]{0,63}$");
    /** Letters of any script, digits, spaces and the punctuation of real names: O'Brien, Ana-María, Jr. */
    private static final Pattern NAME = Pattern.compile("^[\\p{L}\\p{M}\\p{N}][\\p{L}\\p{M}\\p{N} '’.,-]*$");
    /**
     * Address lines refuse markup and the characters of query and template syntax; no real address
     * needs them, and a front-end that forgets to escape is then not the last line of defence.
     */
    private static final Pattern NOT_IN_A_LINE = Pattern.compile("[\\p{Cc}<>;={}\\[\\]\\\\`|$^~*]");
    /** Free text (a call summary, a reason) may hold any punctuation, but no markup or control characters. */
    private static final Pattern NOT_IN_FREE_TEXT = Pattern.compile("[<>]|[\\p{Cc}&&[^\\n\\r\\t]]");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final List<Violation> violations = new ArrayList<>();
    private final Clock clock;

    private CustomerRules(Clock clock) {
        this.clock = clock;
    }

    static CustomerRules checkedAgainst(Clock clock) {
        return new CustomerRules(clock);
    }

    void orThrow() {
        if (!violations.isEmpty()) {
            throw new InvalidCustomerDataException(violations);
        }
    }

    CustomerRules fullName(String value) {
        if (value == null || value.isBlank()) {
            return violation("fullName", "is required");
        }
        if (value.length() > MAX_NAME) {
            return violation("fullName", "must have at most " + MAX_NAME + " characters");
        }
        if (!NAME.matcher(value).matches()) {
            violation("fullName", "may hold letters, digits, spaces and ' ’ . , - only");
        }
        return this;
    }

    CustomerRules email(String value) {
        if (value != null && (value.length() > 254 || !EMAIL.matcher(value).matches())) {
            violation("email", "must be an email address");
        }
        return this;
    }

    CustomerRules phone(String value) {
        if (value != null && !E164.matcher(value).matches()) {
            violation("phone", "must be an E.164 number such as +5491112345678");
        }
        return this;
    }

    CustomerRules nationalId(String value) {
        if (value != null && !NATIONAL_ID.matcher(value).matches()) {
            violation("nationalId", "must be 1 to 64 letters, digits, spaces, '.', '/' or '-'");
        }
        return this;
    }

    CustomerRules birthDate(LocalDate value) {
        if (value != null) {
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            if (!value.isBefore(today)) {
                violation("birthDate", "must be in the past");
            } else if (value.isBefore(EARLIEST_BIRTH_DATE)) {
                violation("birthDate", "must not be before " + EARLIEST_BIRTH_DATE);
            }
        }
        return this;
    }

    CustomerRules address(PostalAddress value) {
        if (value == null) {
            return this;
        }
        if (value.line1() == null || value.line1().isBlank()) {
            violation("address.line1", "is required in an address");
        } else {
            text("address.line1", value.line1(), MAX_TEXT);
        }
        optionalText("address.line2", value.line2(), MAX_TEXT);
        optionalText("address.city", value.city(), 100);
        optionalText("address.region", value.region(), 100);
        optionalText("address.postalCode", value.postalCode(), 20);
        if (value.country() == null || !COUNTRIES.contains(value.country())) {
            violation("address.country", "must be an ISO 3166-1 alpha-2 code such as AR");
        }
        return this;
    }

    CustomerRules preferences(Preferences value) {
        if (value != null && value.language() != null && !LANGUAGE_TAG.matcher(value.language()).matches()) {
            violation("preferences.language", "must be a language tag such as es-AR");
        }
        return this;
    }

    CustomerRules interaction(Channel channel, String summary, Instant occurredAt) {
        if (channel == null) {
            violation("channel", "is required");
        }
        if (summary == null || summary.isBlank()) {
            violation("summary", "is required");
        } else if (summary.length() > MAX_SUMMARY) {
            violation("summary", "must have at most " + MAX_SUMMARY + " characters");
        } else if (NOT_IN_FREE_TEXT.matcher(summary).find()) {
            violation("summary", "must not contain markup (< >) or control characters");
        }
        return notInTheFuture("occurredAt", occurredAt);
    }

    CustomerRules purchase(String orderRef, BigDecimal amount, String currency, Instant occurredAt) {
        if (orderRef == null || !ORDER_REF.matcher(orderRef).matches()) {
            violation("orderRef", "must be 1 to 64 letters, digits or . _ / # -");
        }
        Currency known = currency(currency);
        if (amount == null) {
            violation("amount", "is required");
        } else if (amount.signum() < 0) {
            violation("amount", "must not be negative");
        } else if (amount.precision() - amount.scale() > MAX_AMOUNT_INTEGER_DIGITS) {
            violation("amount", "must have at most " + MAX_AMOUNT_INTEGER_DIGITS + " digits before the decimal point");
        } else if (known != null && amount.stripTrailingZeros().scale() > Math.max(0, known.getDefaultFractionDigits())) {
            violation("amount", "has more decimals than the currency allows");
        }
        return notInTheFuture("occurredAt", occurredAt);
    }

    CustomerRules consent(String purpose, String noticeVersion, String noticeSha256) {
        if (!ConsentPurpose.isWellFormed(purpose)) {
            violation("purpose", ConsentPurpose.RULE);
        }
        if (noticeVersion == null || !NOTICE_VERSION.matcher(noticeVersion).matches()) {
            violation("noticeVersion", "must be 1 to 32 letters, digits or . _ -");
        }
        if (noticeSha256 != null && !SHA256_HEX.matcher(noticeSha256).matches()) {
            violation("noticeSha256", "must be 64 lowercase hexadecimal digits");
        }
        return this;
    }

    CustomerRules objection(String purpose, String reason) {
        if (!ConsentPurpose.isWellFormed(purpose)) {
            violation("purpose", ConsentPurpose.RULE);
        }
        return reason(reason);
    }

    CustomerRules reason(String reason) {
        if (reason != null && reason.length() > 500) {
            violation("reason", "must have at most 500 characters");
        } else if (reason != null && NOT_IN_FREE_TEXT.matcher(reason).find()) {
            violation("reason", "must not contain markup (< >) or control characters");
        }
        return this;
    }

    private Currency currency(String code) {
        try {
            if (code != null && code.length() == 3) {
                return Currency.getInstance(code);
            }
        } catch (IllegalArgumentException unknown) {
            // reported below
        }
        violation("currency", "must be an ISO 4217 code such as USD");
        return null;
    }

    private CustomerRules notInTheFuture(String field, Instant value) {
        if (value == null) {
            return violation(field, "is required");
        }
        if (value.isAfter(clock.instant().plus(CLOCK_TOLERANCE))) {
            violation(field, "must not be in the future");
        } else if (value.isBefore(EARLIEST_EVENT)) {
            violation(field, "must not be before " + EARLIEST_EVENT);
        }
        return this;
    }

    private CustomerRules optionalText(String field, String value, int maxLength) {
        return value == null ? this : text(field, value, maxLength);
    }

    private CustomerRules text(String field, String value, int maxLength) {
        if (value.length() > maxLength) {
            violation(field, "must have at most " + maxLength + " characters");
        } else if (NOT_IN_A_LINE.matcher(value).find()) {
            violation(field, "must not contain control characters or any of < > ; = { } [ ] \\ ` | $ ^ ~ *");
        }
        return this;
    }

    private CustomerRules violation(String field, String message) {
        violations.add(new Violation(field, message));
        return this;
    }
}
