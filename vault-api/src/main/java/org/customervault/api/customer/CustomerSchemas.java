package org.customervault.api.customer;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The customer's rules (the domain's {@code CustomerRules}) as the OpenAPI document states them, in
 * one place: the request records quote these constants, and the address and preferences, which are
 * the domain's own records (no API annotations there), get theirs here. Patterns use only what
 * every JSON Schema tool reads the same way; a rule about "letters of any script" is written in the
 * description instead of a {@code \p{L}} pattern that some generators cannot parse.
 */
@Component
class CustomerSchemas implements OpenApiCustomizer {

    static final int MAX_NAME = 200;
    static final int MAX_EMAIL = 254;
    static final int MAX_NATIONAL_ID = 64;
    static final int MAX_SUMMARY = 4000;
    static final int MAX_REASON = 500;
    static final String NAME_RULE = "Not blank; starts with a letter or digit of any script, then letters, combining"
            + " marks, digits, spaces and ' ’ . , - only";
    /** idn-email, not email: the vault takes letters of any script (josé@ejemplo.com), which plain email refuses. */
    static final String EMAIL_RULE = "1 to 64 letters, digits or . _ % + ' - before the @; after it, labels of letters,"
            + " digits and - joined by at least one dot; at most 254 characters";
    static final String NATIONAL_ID_RULE = "1 to 64 letters, digits, spaces, '.', '/' or '-', starting with a letter or"
            + " digit; to an AGENT always ********";
    static final String BIRTH_DATE_RULE = "In the past (UTC), not before 1900-01-01";
    static final String OCCURRED_AT_RULE = "Not before 1970-01-01T00:00:00Z, not more than 5 minutes in the future";
    static final String E164 = "^\\+[1-9][0-9]{6,14}$";
    static final String NOTICE_VERSION = "^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$";
    static final String SHA256 = "^[0-9a-f]{64}$";
    static final String SHA256_EXAMPLE = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String PURPOSE = "^[a-z0-9][a-z0-9_.-]{0,63}$";
    static final String ORDER_REF = "^[A-Za-z0-9][A-Za-z0-9._/#-]{0,63}$";
    static final String LANGUAGE_TAG = "^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$";
    static final String COUNTRY = "^[A-Z]{2}$";
    /** No control characters (C0, DEL, C1) and none of the markup and template characters. */
    static final String ADDRESS_LINE = "^[^\\u0000-\\u001F\\u007F-\\u009F<>;={}\\[\\]\\\\`|$^~*]*$";
    /** No markup and no control characters but tab, line feed and carriage return. */
    static final String FREE_TEXT = "^[^<>\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";

    @Override
    public void customise(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        Schema<?> address = component(schemas, "PostalAddress");
        address.description("A postal address. Each line: no control characters and none of < > ; = { } [ ] \\ ` | $ ^ ~ *")
                .required(List.of("line1", "country"));
        line(address, "line1", 200, "Not blank", "Av. Example 123");
        line(address, "line2", 200, null, "Floor 3");
        line(address, "city", 100, null, "Buenos Aires");
        line(address, "region", 100, null, "CABA");
        line(address, "postalCode", 20, null, "C0000");
        property(address, "country").pattern(COUNTRY).example("AR")
                .description("An assigned ISO 3166-1 alpha-2 code");
        Schema<?> consent = component(schemas, "Consent");
        consent.description("A purpose's latest consent").required(List.of("purpose", "granted", "noticeVersion", "at"));
        property(consent, "purpose").pattern(PURPOSE).example("marketing-email");
        property(consent, "noticeVersion").pattern(NOTICE_VERSION).example("2026-01");
        property(consent, "noticeSha256").pattern(SHA256).example(SHA256_EXAMPLE)
                .description("The SHA-256 of the notice's text shown, in hexadecimal; absent for a consent recorded before "
                        + "notices were registered");
        property(consent, "channel").description("How the consent was given or withdrawn, when it was said");
        Schema<?> objection = component(schemas, "Objection");
        objection.description("A purpose the customer objects to, since when").required(List.of("purpose", "at"));
        property(objection, "purpose").pattern(PURPOSE).example("profiling");
        Schema<?> preferences = component(schemas, "Preferences");
        property(preferences, "language").pattern(LANGUAGE_TAG).example("es-AR").description("A BCP 47 language tag");
    }

    @SuppressWarnings("rawtypes")
    private static Schema<?> component(Map<String, Schema> schemas, String name) {
        Schema<?> schema = schemas.get(name);
        if (schema == null) {
            throw new IllegalStateException(name + " is not in the OpenAPI document");
        }
        return schema;
    }

    @SuppressWarnings("rawtypes")
    private static Schema property(Schema<?> schema, String name) {
        Schema property = schema.getProperties().get(name);
        if (property == null) {
            throw new IllegalStateException(name + " is not a member of " + schema.getName());
        }
        return property;
    }

    private static void line(Schema<?> address, String member, int maxLength, String description, String example) {
        property(address, member).maxLength(maxLength).pattern(ADDRESS_LINE).example(example).description(description);
        if (member.equals("line1")) {
            property(address, member).minLength(1);
        }
    }
}
