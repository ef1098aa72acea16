package org.customervault.api.problem;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Times and dates only as ISO 8601 text. Jackson would also take a number (seconds, or days, since
 * 1970) or an array of fields, which a client sends by mistake and which then stores a date nobody
 * meant.
 */
final class TextOnlyTimes {

    private TextOnlyTimes() {
    }

    static SimpleModule module() {
        return new SimpleModule("text-only-times")
                .addDeserializer(Instant.class, new FromText<>(Instant.class, Instant::parse,
                        "must be an ISO 8601 instant such as 2026-01-31T10:15:30Z"))
                .addDeserializer(LocalDate.class, new FromText<>(LocalDate.class, LocalDate::parse,
                        "must be an ISO 8601 date such as 1980-05-17"));
    }

    private static final class FromText<T> extends ValueDeserializer<T> {

        private final Class<T> type;
        private final Function<String, T> parse;
        private final String rule;

        FromText(Class<T> type, Function<String, T> parse, String rule) {
            this.type = type;
            this.parse = parse;
            this.rule = rule;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return context.reportInputMismatch(type, rule);
            }
            try {
                return parse.apply(parser.getString());
            } catch (DateTimeParseException malformed) {
                // the rule, never the text: the message must not carry what the client sent
                return context.reportInputMismatch(type, rule);
            }
        }
    }
}
