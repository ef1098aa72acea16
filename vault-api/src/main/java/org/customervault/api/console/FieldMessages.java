package org.customervault.api.console;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The API's validation messages in the console's language. The API's violations carry a field and an English rule,
 * no code, so a rule is recognised by its whole text (or, for the few that name a number or a date, by a whole-text
 * pattern) and shown under its message key ({@code violation.*} in console/messages*.properties). A rule not in this
 * table is shown as the API words it: never hidden, only untranslated.
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
            Map.entry("or roles is required", "violation.passwordOrRoles"));

    /** Rules that name a number or a date: the whole text must match, and what it names is the message's argument. */
    private static final List<Map.Entry<Pattern, String>> RULES_WITH_A_VALUE = List.of(
            Map.entry(Pattern.compile("must have at most (\\d+) characters"), "violation.maxLength"),
            Map.entry(Pattern.compile("must not be before (\\S+)"), "violation.notBefore"),
            Map.entry(Pattern.compile("must have at most (\\d+) digits before the decimal point"), "violation.digits"),
            Map.entry(Pattern.compile("is required: at least (\\d+) characters"), "violation.passwordLength"),
            Map.entry(Pattern.compile("must be at most (\\d+) bytes in UTF-8"), "violation.passwordBytes"),
            Map.entry(Pattern.compile("is required: one or more of (.+)"), "violation.rolesRequired"),
            Map.entry(Pattern.compile("names a role that does not exist; use (.+)"), "violation.roleUnknown"));

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
        for (Map.Entry<Pattern, String> withValue : RULES_WITH_A_VALUE) {
            Matcher matched = withValue.getKey().matcher(rule);
            if (matched.matches()) {
                return text(withValue.getValue(), new Object[]{matched.group(1)}, locale, rule);
            }
        }
        return rule;
    }

    private static String text(String key, Object[] arguments, Locale locale, String rule) {
        try {
            return TEXTS.getMessage(key, arguments, locale);
        } catch (NoSuchMessageException missing) {
            return rule;
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
