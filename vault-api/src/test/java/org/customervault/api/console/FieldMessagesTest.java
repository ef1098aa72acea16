package org.customervault.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The API's rules in the console's language: Spanish from the table, English word for word, the unknown untouched. */
class FieldMessagesTest {

    private static final Locale SPANISH = Locale.forLanguageTag("es");

    @Test
    void aKnownRuleIsShownInSpanish() {
        assertThat(FieldMessages.translated("must be an E.164 number such as +5491112345678", SPANISH))
                .isEqualTo("debe ser un número E.164, como +5491112345678");
        assertThat(FieldMessages.translated("is required", SPANISH)).isEqualTo("es obligatorio");
        assertThat(FieldMessages.translated("must be a date such as 1980-01-31", SPANISH))
                .as("the customer's form's own rule").isEqualTo("debe ser una fecha, como 1980-01-31");
    }

    @Test
    void aRuleThatNamesANumberOrADateKeepsIt() {
        assertThat(FieldMessages.translated("must have at most 200 characters", SPANISH))
                .isEqualTo("debe tener como máximo 200 caracteres");
        assertThat(FieldMessages.translated("must not be before 1900-01-01", SPANISH))
                .isEqualTo("no debe ser anterior a 1900-01-01");
        assertThat(FieldMessages.translated("must have at most 200 characters", Locale.ENGLISH))
                .isEqualTo("must have at most 200 characters");
    }

    @Test
    void inEnglishTheApisWordsAreShown() {
        for (String rule : new String[]{"may hold letters, digits, spaces and ' ’ . , - only",
                "must not contain control characters or any of < > ; = { } [ ] \\ ` | $ ^ ~ *",
                "is required: 1 to 64 letters, digits, '.', '_', '@' or '-'", "must not be blank or contain the user's name"}) {
            assertThat(FieldMessages.translated(rule, Locale.ENGLISH)).isEqualTo(rule);
            assertThat(FieldMessages.translated(rule, SPANISH)).isNotEqualTo(rule);
        }
    }

    @Test
    void anUnknownRuleIsShownAsTheApiWordsIt() {
        assertThat(FieldMessages.translated("must be a new rule no one translated", SPANISH))
                .isEqualTo("must be a new rule no one translated");
        assertThat(FieldMessages.translated("is required, and more", SPANISH)).as("whole texts only")
                .isEqualTo("is required, and more");
    }

    /**
     * Every text the requests' and notices' forms can be refused with (read from the API's source, each variable
     * with its samples): in Spanish, no word of English left; in English, the API's words exactly.
     */
    @Test
    void everyRuleOfTheRequestsAndNoticesFormsIsTranslated() {
        Set<String> rules = ApiRuleTexts.all();
        assertThat(rules).as("the source was read").hasSizeGreaterThan(40)
                .contains("names no customer of this vault",
                        "The request is ANSWERED, extended already, overdue: only an open request can be refused.",
                        "must be ERASURE_CERTIFICATE or LETTER for a request that names no customer: the vault can "
                                + "check nothing else", "when given, 1 to 2000 characters",
                        "must be at most 60000 characters", "must be a date and time (yyyy-MM-ddTHH:mm)");
        for (String rule : rules) {
            String spanish = FieldMessages.translated(rule, SPANISH);
            assertThat(spanish).as(rule).isNotEqualTo(rule).doesNotContainPattern(ENGLISH_WORDS)
                    .doesNotContainPattern(STATUS_OR_EVIDENCE_NAME).doesNotContain("{").doesNotContain("}");
            assertThat(FieldMessages.translated(rule, Locale.ENGLISH)).as(rule).isEqualTo(rule);
        }
    }

    @Test
    void aConflictOfARequestNamesItsStatusByItsLabelAndTranslatesItsReason() {
        assertThat(FieldMessages.translated("The request is IN_PROGRESS, overdue: only a RECEIVED request can be "
                + "verified.", SPANISH)).isEqualTo("La solicitud está en estado «En curso», vencida: solo se puede "
                + "verificar la identidad de una solicitud en estado «Recibida».");
        assertThat(FieldMessages.translated("must be EXPORT for a request of kind consent-withdrawal that names a "
                + "customer", SPANISH)).isEqualTo("debe ser «Exportación» para una solicitud de revocación del "
                + "consentimiento que corresponde a un cliente");
        assertThat(FieldMessages.translated("Ley 25.326, Art. 16 allows no extension of this request's term.", SPANISH))
                .as("a law's name as the law writes it").startsWith("Ley 25.326, Art. 16 no permite prorrogar");
        assertThat(FieldMessages.translated("The request is ANSWERED: a reason no one translated.", SPANISH))
                .as("an unknown reason in the API's words, never hidden")
                .isEqualTo("La solicitud está en estado «Respondida»: a reason no one translated.");
        assertThat(FieldMessages.translated("The request is CLOSED: only an open request can be refused.", SPANISH))
                .as("a status the console has no label for is shown as the API writes it")
                .contains("«CLOSED»");
    }

    /** Words only English has (Spanish shares "a", "no", "de"...), as whole words. */
    private static final Pattern ENGLISH_WORDS = Pattern.compile("(?i)\\b(the|is|be|must|of|and|or|an|only|"
            + "required|request|requests|customer|characters|names|with|for|this|that|when|given|after|before|"
            + "letters|digits|allows|extended|overdue|verified|received)\\b");
    private static final Pattern STATUS_OR_EVIDENCE_NAME = Pattern.compile("\\b[A-Z]+_[A-Z_]+\\b|\\b(RECEIVED|"
            + "VERIFIED|ANSWERED|REFUSED|EXPORT|RECTIFICATION|RESTRICTION|OBJECTION|LETTER)\\b");
}
