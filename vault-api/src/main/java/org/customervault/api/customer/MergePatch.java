package org.customervault.api.customer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.FieldUpdate;
import org.customervault.domain.customer.InvalidCustomerDataException.Violation;
import org.customervault.domain.customer.PostalAddress;
import org.customervault.domain.customer.Preferences;
import org.customervault.domain.customer.api.CustomerView;
import org.customervault.domain.customer.api.RectifyCustomerCommand;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a JSON merge patch (RFC 7386) of a customer into a rectification: a member set to
 * {@code null} removes the field, nested objects (address, preferences) merge into the current
 * value, absent members stay as they are.
 */
final class MergePatch {

    private static final Set<String> FIELDS =
            Set.of("fullName", "email", "phone", "nationalId", "birthDate", "address", "preferences");

    private final JsonMapper json;
    private final List<Violation> violations = new ArrayList<>();

    private MergePatch(JsonMapper json) {
        this.json = json;
    }

    static RectifyCustomerCommand toCommand(JsonMapper json, CustomerId id, JsonNode patch, CustomerView current) {
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
                reader.update(patch, "fullName", String.class, null),
                reader.update(patch, "email", String.class, null),
                reader.update(patch, "phone", String.class, null),
                reader.update(patch, "nationalId", String.class, null),
                reader.update(patch, "birthDate", LocalDate.class, null),
                reader.update(patch, "address", PostalAddress.class, current.address()),
                reader.update(patch, "preferences", Preferences.class, current.preferences()));
        if (!reader.violations.isEmpty()) {
            throw new InvalidRequestException(reader.violations);
        }
        return command;
    }

    private <T> FieldUpdate<T> update(JsonNode patch, String field, Class<T> type, T current) {
        if (!patch.has(field)) {
            return null;
        }
        JsonNode value = patch.get(field);
        if (value.isNull()) {
            return FieldUpdate.clear();
        }
        if (value.isObject() && current != null) {
            value = merge(json.valueToTree(current), value);
        } else if (value.isObject()) {
            value = merge(json.createObjectNode(), value);
        }
        try {
            return FieldUpdate.to(json.treeToValue(value, type));
        } catch (JacksonException wrongShape) {
            violations.add(new Violation(field, "has the wrong type or unknown members"));
            return null;
        }
    }

    private static JsonNode merge(ObjectNode target, JsonNode patch) {
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            if (member.getValue().isNull()) {
                target.remove(member.getKey());
            } else if (member.getValue().isObject() && target.get(member.getKey()) instanceof ObjectNode nested) {
                merge(nested, member.getValue());
            } else {
                target.set(member.getKey(), member.getValue());
            }
        }
        return target;
    }
}
