package org.customervault.domain.customer.api;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a search text is compared with, as blind-index tokens of one kind each. The kinds a text
 * is tried as follow from its shape, so that the access log can say how a customer was looked for
 * and a role can be kept from the kinds that identify a person by a number.
 */
public enum SearchKind {
    NAME_WORD("name-word"),
    EMAIL("email"),
    PHONE("phone"),
    NATIONAL_ID("national-id");

    /** A phone is stored in E.164, so only a text that starts with {@code +} can be one. */
    private static final Pattern PHONE_SHAPE = Pattern.compile("^\\+[0-9\\s().-]+$");
    /** The characters a national id may have at registration (CustomerRules). */
    private static final Pattern NATIONAL_ID_SHAPE = Pattern.compile("^[\\p{L}\\p{N}][\\p{L}\\p{N} ./-]*$");
    private static final Pattern LETTER = Pattern.compile("\\p{L}");

    private final String label;

    SearchKind(String label) {
        this.label = label;
    }

    /** The kind's name in {@code customer_search.kind}, in the blind index's key derivation and in the access log. */
    public String label() {
        return label;
    }

    /**
     * The kinds a search text could match: an email if it has an {@code @}; a phone if it is a
     * {@code +} and digits; otherwise a national id if it has only the characters an id may have
     * (some ids have no digit), and name words if it has a letter. So a text of digits and separators
     * alone (an id, a date) can only be a national id. A text with none of these matches nothing.
     */
    public static Set<SearchKind> of(String q) {
        String text = q.strip();
        if (text.indexOf('@') >= 0) {
            return EnumSet.of(EMAIL);
        }
        if (PHONE_SHAPE.matcher(text).matches()) {
            return EnumSet.of(PHONE);
        }
        Set<SearchKind> kinds = EnumSet.noneOf(SearchKind.class);
        if (NATIONAL_ID_SHAPE.matcher(text).matches()) {
            kinds.add(NATIONAL_ID);
        }
        if (LETTER.matcher(text).find()) {
            kinds.add(NAME_WORD);
        }
        return kinds;
    }
}
