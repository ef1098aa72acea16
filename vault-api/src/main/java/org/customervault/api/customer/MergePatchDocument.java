package org.customervault.api.customer;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.customervault.domain.customer.Channel;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The rectification's body in the OpenAPI document: one content type, {@code application/merge-patch+json},
 * and a schema of its own, {@code CustomerPatch}, in which every member is optional and every member
 * that can be removed may be {@code null} (not the full name, nor an address's first line or country); {@code address} and {@code preferences} are partial objects
 * that merge into the customer's. The handler also takes {@code application/json}, for clients written
 * before; declaring both with one schema broke generated clients (openapi-python-client wrote a union
 * it could not import), so the document names only the one RFC 7386 defines.
 */
@Component
class MergePatchDocument implements OpenApiCustomizer {

    static final String PATH = "/api/v1/customers/{id}";
    static final String CONTENT_TYPE = CustomerController.MERGE_PATCH_JSON;
    static final String PATCH = "CustomerPatch";
    static final String PATCH_REF = "#/components/schemas/" + PATCH;
    static final String ADDRESS = "CustomerPatchAddress";
    static final String PREFERENCES = "CustomerPatchPreferences";

    @Override
    public void customise(OpenAPI openApi) {
        openApi.getComponents()
                .addSchemas(PATCH, customerPatch())
                .addSchemas(ADDRESS, addressPatch())
                .addSchemas(PREFERENCES, preferencesPatch());
        PathItem customer = openApi.getPaths() == null ? null : openApi.getPaths().get(PATH);
        Operation rectify = customer == null ? null : customer.getPatch();
        if (rectify == null) {
            throw new IllegalStateException("no PATCH " + PATH + " to document");
        }
        RequestBody body = rectify.getRequestBody() == null ? new RequestBody() : rectify.getRequestBody();
        rectify.setRequestBody(body.required(true).content(new Content().addMediaType(CONTENT_TYPE,
                new MediaType().schema(new Schema<>().$ref(PATCH_REF)))));
    }

    private static Schema<?> customerPatch() {
        return object("""
                A JSON merge patch (RFC 7386) of the customer's fields: a member left out stays as it is, a \
                member set to null is removed, address and preferences merge member by member. The full name \
                can be changed, never removed.""")
                .addProperty("fullName", text(false).minLength(1).maxLength(CustomerSchemas.MAX_NAME)
                        .description(CustomerSchemas.NAME_RULE).example("Ana Example"))
                .addProperty("email", text(true).format("idn-email").maxLength(CustomerSchemas.MAX_EMAIL)
                        .description(CustomerSchemas.EMAIL_RULE).example("ana@example.com"))
                .addProperty("phone", text(true).pattern(CustomerSchemas.E164).description("E.164").example("+5491100000000"))
                .addProperty("nationalId", text(true).minLength(1).maxLength(CustomerSchemas.MAX_NATIONAL_ID)
                        .description(CustomerSchemas.NATIONAL_ID_RULE).example("00-00000000-0"))
                .addProperty("birthDate", text(true).format("date").description(CustomerSchemas.BIRTH_DATE_RULE)
                        .example("1980-01-31"))
                .addProperty("address", removable(ADDRESS))
                .addProperty("preferences", removable(PREFERENCES));
    }

    private static Schema<?> addressPatch() {
        return object("""
                Members of the address to change (null removes one); the others stay. An address always has \
                line1 and country: they can be changed, never removed (remove the whole address instead).""")
                .addProperty("line1", line(false, 200).minLength(1).description("Not blank"))
                .addProperty("line2", line(true, 200))
                .addProperty("city", line(true, 100))
                .addProperty("region", line(true, 100))
                .addProperty("postalCode", line(true, 20))
                .addProperty("country", text(false).pattern(CustomerSchemas.COUNTRY).example("AR")
                        .description("An assigned ISO 3166-1 alpha-2 code"));
    }

    private static Schema<?> preferencesPatch() {
        Schema<String> channel = new Schema<>();
        channel.setTypes(types("string"));
        channel.setEnum(Arrays.stream(Channel.values()).map(Channel::name).toList());
        Schema<Object> channels = new Schema<>();
        channels.setTypes(types("array", "null"));
        channels.setUniqueItems(true);
        channels.setItems(channel);
        return object("Members of the preferences to change (null removes one); the others stay.")
                .addProperty("language", text(true).pattern(CustomerSchemas.LANGUAGE_TAG).example("es-AR")
                        .description("A BCP 47 language tag"))
                .addProperty("channels", channels);
    }

    /** No member is required, and none beyond those listed is accepted (400). */
    private static Schema<?> object(String description) {
        return new Schema<>().types(types("object")).description(description).additionalProperties(false);
    }

    private static Schema<?> text(boolean removable) {
        return new Schema<String>().types(removable ? types("string", "null") : types("string"));
    }

    /** An address line: no control characters and none of < > ; = { } [ ] \\ ` | $ ^ ~ *. */
    private static Schema<?> line(boolean removable, int maxLength) {
        return text(removable).maxLength(maxLength).pattern(CustomerSchemas.ADDRESS_LINE);
    }

    private static Schema<?> removable(String component) {
        return new Schema<>().anyOf(List.of(new Schema<>().$ref("#/components/schemas/" + component),
                new Schema<>().types(types("null"))));
    }

    private static Set<String> types(String... types) {
        return new LinkedHashSet<>(List.of(types));
    }
}
