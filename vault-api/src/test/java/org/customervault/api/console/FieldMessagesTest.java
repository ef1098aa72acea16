package org.customervault.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The API's rules in the console's language: Spanish from the table, English word for word, the unknown untouched. */
class FieldMessagesTest {

    private static final Locale SPANISH = Locale.forLanguageTag("es");

    @Test
    void aKnownRuleIsShownInSpanish() {
        assertThat(FieldMessages.translated("must be an E.164 number such as +5491112345678", SPANISH))
                .isEqualTo("debe ser un número E.164, como +5491112345678");
        assertThat(FieldMessages.translated("is required", SPANISH)).isEqualTo("es obligatorio");
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
}
