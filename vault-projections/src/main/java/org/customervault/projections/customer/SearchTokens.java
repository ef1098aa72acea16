package org.customervault.projections.customer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.customervault.domain.crypto.BlindIndex;

/**
 * What the customer list can be searched by, as blind-index tokens: the exact email (any case), the
 * exact phone (E.164, separators ignored), the exact national id (any case, separators ignored),
 * and each whole word of the name (case and accents folded: "Jose" finds "José").
 */
final class SearchTokens {

    static final String EMAIL = "email";
    static final String PHONE = "phone";
    static final String NATIONAL_ID = "national-id";
    static final String NAME_WORD = "name-word";
    static final List<String> EXACT_KINDS = List.of(EMAIL, PHONE, NATIONAL_ID);
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

    /** The tokens a search text could match as an email, a phone or a national id. */
    List<Token> exactOf(String q) {
        List<Token> tokens = new ArrayList<>(ofEmail(q));
        tokens.addAll(ofPhone(q));
        tokens.addAll(ofNationalId(q));
        return tokens;
    }

    /** The name-word tokens of a search text, all of which a name must contain. */
    List<Token> wordsOf(String q) {
        return words(q).stream().limit(MAX_QUERY_WORDS).map(word -> token(NAME_WORD, word)).toList();
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
