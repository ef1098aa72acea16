package org.customervault.api.customer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.domain.customer.Channel;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.FieldUpdate;
import org.customervault.domain.customer.InvalidCustomerDataException.Violation;
import org.customervault.domain.customer.PostalAddress;
import org.customervault.domain.customer.PostalAddressPatch;
import org.customervault.domain.customer.Preferences;
import org.customervault.domain.customer.PreferencesPatch;
import org.customervault.domain.customer.api.RectifyCustomerCommand;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON merge patch (RFC 7386) of a customer into a rectification: a member set to
 * {@code null} removes the field, absent members stay as they are. Nested objects (address,
 * preferences) become patches of their members, which the customer merges into its own state: the
 * patch is read without knowing the customer's current values, so nothing here can be stale.
 */
final class MergePatch {

    private static final Set<String> FIELDS =
            Set.of("fullName", "email", "phone", "nationalId", "birthDate", "address", "preferences");

    private final JsonMapper json;
    private final List<Violation> violations = new ArrayList<>();

    private MergePatch(JsonMapper json) {
        this.json = json;
    }

    static RectifyCustomerCommand toCommand(JsonMapper json, CustomerId id, JsonNode patch, Long expectedVersion) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException("", "a merge patch is a JSON object");
        }
        List<Violation> unknown = patch.propertyNames().stream()
                .filter(name -> !FIELDS.contains(name))
                .map(name -> new Violation(name, "is not a customer field"))
                .toList();
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException(unknown);
        }
        MergePatch reader = new MergePatch(json);
        RectifyCustomerCommand command = new RectifyCustomerCommand(id,
                reader.update(patch, "fullName", String.class),
                reader.update(patch, "email", String.class),
                reader.update(patch, "phone", String.class),
                reader.update(patch, "nationalId", String.class),
                reader.update(patch, "birthDate", LocalDate.class),
                reader.nested(patch, "address", PostalAddress.class, MergePatch::addressPatch),
                reader.nested(patch, "preferences", Preferences.class, MergePatch::preferencesPatch),
                expectedVersion);
        if (!reader.violations.isEmpty()) {
            throw new InvalidRequestException(reader.violations);
        }
        return command;
    }

    private <T> FieldUpdate<T> update(JsonNode patch, String field, Class<T> type) {
        if (!patch.has(field)) {
            return null;
        }
        JsonNode value = patch.get(field);
        if (value.isNull()) {
            return FieldUpdate.clear();
        }
        try {
            return FieldUpdate.to(json.treeToValue(value, type));
        } catch (JacksonException wrongShape) {
            violations.add(new Violation(field, "has the wrong type or unknown members"));
            return null;
        }
    }

    /**
     * A nested object is read whole into its own type, so unknown members and wrong types are refused
     * as in a registration; which members it names, and which of them are null, makes the patch.
     */
    private <T, P> FieldUpdate<P> nested(JsonNode patch, String field, Class<T> type,
                                         Function<Members<T>, P> toPatch) {
        if (!patch.has(field)) {
            return null;
        }
        JsonNode value = patch.get(field);
        if (value.isNull()) {
            return FieldUpdate.clear();
        }
        if (!value.isObject()) {
            violations.add(new Violation(field, "has the wrong type or unknown members"));
            return null;
        }
        try {
            return FieldUpdate.to(toPatch.apply(new Members<>(value, json.treeToValue(value, type))));
        } catch (JacksonException wrongShape) {
            violations.add(new Violation(field, "has the wrong type or unknown members"));
            return null;
        }
    }

    private static PostalAddressPatch addressPatch(Members<PostalAddress> address) {
        PostalAddress read = address.read();
        return new PostalAddressPatch(address.update("line1", read.line1()), address.update("line2", read.line2()),
                address.update("city", read.city()), address.update("region", read.region()),
                address.update("postalCode", read.postalCode()), address.update("country", read.country()));
    }

    private static PreferencesPatch preferencesPatch(Members<Preferences> preferences) {
        Preferences read = preferences.read();
        FieldUpdate<Set<Channel>> channels = preferences.update("channels", read.channels());
        return new PreferencesPatch(preferences.update("language", read.language()), channels);
    }

    /** A nested object of the patch as sent, and as read into its type. */
    private record Members<T>(JsonNode sent, T read) {

        <V> FieldUpdate<V> update(String member, V value) {
            if (!sent.has(member)) {
                return null;
            }
            return sent.get(member).isNull() ? FieldUpdate.clear() : FieldUpdate.to(value);
        }
    }
}
