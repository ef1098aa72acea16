package org.customervault.api.compliance;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * A history event's address and preferences may be {@code null} (removed by a rectification, or
 * erased): the document says "the object, or null" as an {@code anyOf}, since a {@code $ref} beside
 * {@code type: [object, null]} still demands the object.
 */
@Component
class HistoryDocument implements OpenApiCustomizer {

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void customise(OpenAPI openApi) {
        Schema data = openApi.getComponents().getSchemas().get("HistoryEventData");
        if (data == null) {
            throw new IllegalStateException("the history's event data is not in the OpenAPI document");
        }
        Map<String, Schema> properties = data.getProperties();
        for (String member : List.of("address", "preferences")) {
            Schema object = properties.get(member);
            properties.put(member, new Schema<>().description(object.getDescription())
                    .anyOf(List.of(new Schema<>().$ref(object.get$ref()),
                            new Schema<>().types(new LinkedHashSet<>(List.of("null"))))));
        }
    }
}
