package org.customervault.projections.customer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.customervault.domain.crypto.BlindIndex;
import org.customervault.domain.customer.api.SearchKind;

/**
 * What the customer list can be searched by, as blind-index tokens: the exact email (any case), the
 * exact phone (E.164, separators ignored), the exact national id (any case, separators ignored),
 * and each whole word of the name (case and accents folded: "Jose" finds "José"). Which of them a
 * search text is tried as is decided by {@link SearchKind#of} and the caller's role.
 */
final class SearchTokens {

    static final String EMAIL = SearchKind.EMAIL.label();
    static final String PHONE = SearchKind.PHONE.label();
    static final String NATIONAL_ID = SearchKind.NATIONAL_ID.label();
    static final String NAME_WORD = SearchKind.NAME_WORD.label();
    /** A query longer than this in words cannot name a customer; it is cut rather than refused. */
    static final int MAX_QUERY_WORDS = 12;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s().-]+");
    private static final Pattern ID_SEPARATORS = Pattern.compile("[\\s./-]+");

    record Token(String kind, byte[] value) {
    }

    private final BlindIndex index;

    SearchTokens(BlindIndex index) {
        this.index = index;
    }

    List<Token> ofEmail(String email) {
        return email == null ? List.of() : List.of(token(EMAIL, email.trim().toLowerCase(Locale.ROOT)));
    }

    List<Token> ofPhone(String phone) {
        return phone == null ? List.of() : List.of(token(PHONE, PHONE_SEPARATORS.matcher(phone).replaceAll("")));
    }

    List<Token> ofNationalId(String nationalId) {
        return nationalId == null ? List.of()
                : List.of(token(NATIONAL_ID, ID_SEPARATORS.matcher(nationalId).replaceAll("").toUpperCase(Locale.ROOT)));
    }

    List<Token> ofName(String fullName) {
        return fullName == null ? List.of() : words(fullName).stream().map(word -> token(NAME_WORD, word)).toList();
    }

    /** The tokens of a search text as an email, a phone or a national id, for those of the kinds given. */
    List<Token> exactOf(String q, Set<SearchKind> kinds) {
        List<Token> tokens = new ArrayList<>();
        if (kinds.contains(SearchKind.EMAIL)) {
            tokens.addAll(ofEmail(q));
        }
        if (kinds.contains(SearchKind.PHONE)) {
            tokens.addAll(ofPhone(q));
        }
        if (kinds.contains(SearchKind.NATIONAL_ID)) {
            tokens.addAll(ofNationalId(q));
        }
        return tokens;
    }

    /** The name-word tokens of a search text, all of which a name must contain; none unless the kinds include names. */
    List<Token> wordsOf(String q, Set<SearchKind> kinds) {
        return !kinds.contains(SearchKind.NAME_WORD) ? List.of()
                : words(q).stream().limit(MAX_QUERY_WORDS).map(word -> token(NAME_WORD, word)).toList();
    }

    private Token token(String kind, String normalized) {
        return new Token(kind, index.token(kind, normalized));
    }

    static List<String> words(String text) {
        String folded = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("")
                .toLowerCase(Locale.ROOT);
        return Arrays.stream(NOT_WORD.split(folded)).filter(word -> !word.isEmpty()).distinct().toList();
    }
}
