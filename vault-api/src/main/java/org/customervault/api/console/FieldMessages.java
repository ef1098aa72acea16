package org.customervault.api.console;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The API's validation messages and conflict details in the console's language. The API's violations carry a field
 * and an English rule, no code, so a rule is recognised by its whole text (or, for those that name a number, a date,
 * a status or another rule, by a whole-text pattern) and shown under its message key ({@code violation.*} and
 * {@code conflict.*} in console/messages*.properties). A rule not in this table is shown as the API words it: never
 * hidden, only untranslated.
 */
final class FieldMessages {

    /** The API's rules, word for word, each with the console's key for it. */
    private static final Map<String, String> RULES = Map.ofEntries(
            Map.entry("is required", "violation.required"),
            Map.entry("may hold letters, digits, spaces and ' ’ . , - only", "violation.name"),
            Map.entry("must be an email address", "violation.email"),
            Map.entry("must be an E.164 number such as +5491112345678", "violation.phone"),
            Map.entry("must be 1 to 64 letters, digits, spaces, '.', '/' or '-'", "violation.nationalId"),
            Map.entry("must be in the past", "violation.past"),
            Map.entry("is required in an address", "violation.addressRequired"),
            Map.entry("must be an ISO 3166-1 alpha-2 code such as AR", "violation.country"),
            Map.entry("must be a language tag such as es-AR", "violation.language"),
            Map.entry("must not contain markup (< >) or control characters", "violation.markup"),
            Map.entry("must not contain control characters or any of < > ; = { } [ ] \\ ` | $ ^ ~ *", "violation.line"),
            Map.entry("must be 1 to 64 letters, digits or . _ / # -", "violation.orderRef"),
            Map.entry("must not be negative", "violation.negative"),
            Map.entry("must be a decimal string such as \"42.50\", without sign or exponent", "violation.amount"),
            Map.entry("has more decimals than the currency allows", "violation.decimals"),
            Map.entry("must be an ISO 4217 code such as USD", "violation.currency"),
            Map.entry("must be 1 to 64 lowercase letters, digits or . _ -", "violation.purpose"),
            Map.entry("must be 1 to 32 letters, digits or . _ -", "violation.noticeVersion"),
            Map.entry("is not a registered privacy notice", "violation.noticeUnregistered"),
            Map.entry("is already recorded for this customer", "violation.orderRecorded"),
            Map.entry("must not be in the future", "violation.notInTheFuture"),
            Map.entry("must be in the future", "violation.inTheFuture"),
            Map.entry("has the wrong type or format", "violation.format"),
            Map.entry("has the wrong type or unknown members", "violation.format"),
            Map.entry("is required: 1 to 64 letters, digits, '.', '_', '@' or '-'", "violation.userName"),
            Map.entry("is required: 1 to 64 letters, digits, '.', '_' or '-'", "violation.tokenName"),
            Map.entry("must not be blank or contain the user's name", "violation.passwordName"),
            Map.entry("or roles is required", "violation.passwordOrRoles"),
            // a data subject's request: recorded, answered with its evidence, read and listed
            Map.entry("is required: access, rectification, erasure, restriction, objection, portability or "
                    + "consent-withdrawal", "violation.requestKind"),
            Map.entry("is required: an ISO 3166-1 alpha-2 code or EU", "violation.jurisdiction"),
            Map.entry("must be between 2000-01-01 and now", "violation.receivedAt"),
            Map.entry("needs a name or an email, or is left out", "violation.requester"),
            Map.entry("must be a customer's id (a UUID)", "violation.customerId"),
            Map.entry("names no customer of this vault", "violation.noSuchCustomer"),
            Map.entry("must be a UUID", "violation.uuid"),
            Map.entry("is required: 1 to 100 letters, digits or ':._+-' (an id, a version or a time)",
                    "violation.evidenceReference"),
            Map.entry("must be a date between 2000-01-01 and 9999-12-31", "violation.dateRange"),
            Map.entry("must be a date, YYYY-MM-DD", "violation.isoDate"),
            Map.entry("is not one this list gave out", "violation.cursor"),
            Map.entry("must be the certificate's subjectId", "violation.certificateReference"),
            Map.entry("names no completed erasure certificate", "violation.noCompletedCertificate"),
            Map.entry("is the certificate of another customer than the request's", "violation.otherCustomersCertificate"),
            Map.entry("must be the export's exportedAt", "violation.exportReference"),
            Map.entry("names no export of the request's customer at that exportedAt made since the request was received",
                    "violation.noSuchExport"),
            Map.entry("must be the customer's version after the change: the number in the ETag the change answered with",
                    "violation.changeReference"),
            Map.entry("is a change made before the request was received", "violation.changeTooEarly"),
            // a privacy notice registered
            Map.entry("is required and not blank", "violation.requiredNotBlank"),
            Map.entry("must have no control characters but tab, line feed and carriage return", "violation.noticeText"),
            Map.entry("must be a BCP 47 language tag", "violation.languageTag"),
            // the console's own: a date or a moment typed in a form (ConsoleTimes, the customer's form)
            Map.entry("must be a date and time (yyyy-MM-ddTHH:mm)", "violation.dateTimeInput"),
            Map.entry("must be a date (yyyy-MM-dd)", "violation.dateInput"),
            Map.entry("must be a date such as 1980-01-31", "violation.birthDateInput"),
            // the API's 409 details, shown for the whole form, and the reasons the request's ones quote
            Map.entry("The vault knows no term for this request, so no extension.", "conflict.noTerm"),
            Map.entry("This notice version is registered with another text; register the new text under a new version.",
                    "conflict.noticeText"),
            Map.entry("only a RECEIVED request can be verified", "conflict.verify"),
            Map.entry("only a VERIFIED request can be started: verify the requester's identity first", "conflict.start"),
            Map.entry("a request is extended once, while it is open and before its due date has passed (the law has the "
                    + "requester told of the extension within the first term)", "conflict.extend"),
            Map.entry("only an IN_PROGRESS request can be answered", "conflict.answer"),
            Map.entry("only an open request can be refused", "conflict.refuse"));

    /**
     * Rules that name something (a number, a date, a status, evidence types, a kind, a legal source, another rule):
     * the whole text must match, and each argument of the message comes from what it names. Where an argument has a
     * label in the console (a status, a kind), the message takes the API's word ({0}) in English, its label in Spanish.
     */
    private static final List<RuleWithValues> RULES_WITH_A_VALUE = List.of(
            new RuleWithValues("must have at most (\\d+) characters", "violation.maxLength", named(1)),
            new RuleWithValues("must not be before (\\S+)", "violation.notBefore", named(1)),
            new RuleWithValues("must have at most (\\d+) digits before the decimal point", "violation.digits", named(1)),
            new RuleWithValues("is required: at least (\\d+) characters", "violation.passwordLength", named(1)),
            new RuleWithValues("must be at most (\\d+) bytes in UTF-8", "violation.passwordBytes", named(1)),
            new RuleWithValues("is required: one or more of (.+)", "violation.rolesRequired", named(1)),
            new RuleWithValues("names a role that does not exist; use (.+)", "violation.roleUnknown", named(1)),
            new RuleWithValues("must be at most (\\d+) characters", "violation.atMostCharacters", named(1)),
            new RuleWithValues("is required: 1 to (\\d+) characters", "violation.requiredCharacters", named(1)),
            new RuleWithValues("when given, 1 to (\\d+) characters", "violation.givenCharacters", named(1)),
            new RuleWithValues("must be ([A-Z_]+(?: or [A-Z_]+)*) for a request that names no customer: the vault can "
                    + "check nothing else", "violation.evidenceWithoutCustomer", named(1), labels(1, "request.evidence.")),
            new RuleWithValues("must be ([A-Z_]+(?: or [A-Z_]+)*) for a request of kind ([a-z-]+) that names a customer",
                    "violation.evidenceForKind", named(1), labels(1, "request.evidence."), named(2),
                    label(2, "request.kind.")),
            new RuleWithValues("is no version of the request's customer left by a ([A-Z_]+) change",
                    "violation.noSuchChange", named(1), labels(1, "request.evidence.")),
            // the API's 409 details: a request's step its status does not allow, an extension its law does not allow
            new RuleWithValues("The request is ([A-Z_]+)(, extended already)?(, overdue)?: (.+)\\.",
                    "conflict.requestStatus", named(1), label(1, "request.status."),
                    flag(2, "conflict.extendedAlready"), flag(3, "conflict.overdue"), rule(4)),
            new RuleWithValues("(.+) allows no extension of this request's term\\.", "conflict.noExtension", named(1)));

    private static final ResourceBundleMessageSource TEXTS = texts();

    private FieldMessages() {
    }

    /** The rule in the language of the request being answered (the console's), or the API's words. */
    static String inConsoleLanguage(String rule) {
        return translated(rule, LocaleContextHolder.getLocale());
    }

    static String translated(String rule, Locale locale) {
        String key = RULES.get(rule);
        if (key != null) {
            return text(key, new Object[0], locale, rule);
        }
        for (RuleWithValues withValues : RULES_WITH_A_VALUE) {
            Matcher matched = withValues.pattern().matcher(rule);
            if (matched.matches()) {
                Object[] arguments = withValues.arguments().stream().map(argument -> argument.of(matched, locale))
                        .toArray();
                return text(withValues.key(), arguments, locale, rule);
            }
        }
        return rule;
    }

    /** What the rule named, as the API wrote it (a number, a date, a legal source). */
    private static Argument named(int group) {
        return (matched, locale) -> matched.group(group);
    }

    /** The console's label for the value the rule named (a status, a kind), or the API's word when it has none. */
    private static Argument label(int group, String prefix) {
        return (matched, locale) -> text(prefix + matched.group(group), new Object[0], locale, matched.group(group));
    }

    /** "A or B" of values with labels, each label quoted and joined in the console's language. */
    private static Argument labels(int group, String prefix) {
        return (matched, locale) -> Arrays.stream(matched.group(group).split(" or "))
                .map(value -> text("violation.quoted", new Object[]{
                        text(prefix + value, new Object[0], locale, value)}, locale, value))
                .reduce((first, next) -> text("violation.either", new Object[]{first, next}, locale, first + " or " + next))
                .orElse("");
    }

    /** A part of the rule that is there or not (", overdue"): its words in the console's language, or nothing. */
    private static Argument flag(int group, String key) {
        return (matched, locale) -> matched.group(group) == null ? ""
                : text(key, new Object[0], locale, matched.group(group));
    }

    /** Another rule the text quotes (a conflict's reason), itself translated. */
    private static Argument rule(int group) {
        return (matched, locale) -> translated(matched.group(group), locale);
    }

    private static String text(String key, Object[] arguments, Locale locale, String rule) {
        try {
            return TEXTS.getMessage(key, arguments, locale);
        } catch (NoSuchMessageException missing) {
            return rule;
        }
    }

    /** One argument of a rule's message, from what the rule's text named, in the console's language. */
    @FunctionalInterface
    private interface Argument {
        String of(Matcher matched, Locale locale);
    }

    /** A whole-text pattern of the API's words, the console's key for it, and its message's arguments in order. */
    private record RuleWithValues(Pattern pattern, String key, List<Argument> arguments) {
        RuleWithValues(String pattern, String key, Argument... arguments) {
            this(Pattern.compile(pattern), key, List.of(arguments));
        }
    }

    /** The console's own texts, as the application's MessageSource reads them (spring.messages in application.yml). */
    private static ResourceBundleMessageSource texts() {
        ResourceBundleMessageSource texts = new ResourceBundleMessageSource();
        texts.setBasename("console/messages");
        texts.setDefaultEncoding("UTF-8");
        texts.setFallbackToSystemLocale(false);
        return texts;
    }
}
