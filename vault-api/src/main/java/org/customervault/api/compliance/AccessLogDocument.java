package org.customervault.api.compliance;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * An access-log entry in the OpenAPI document: the entry is the domain's record (no API annotations
 * there), so its required members and formats are said here.
 */
@Component
class AccessLogDocument implements OpenApiCustomizer {

    @Override
    @SuppressWarnings("rawtypes")
    public void customise(OpenAPI openApi) {
        Schema entry = openApi.getComponents().getSchemas().get("AccessEntry");
        if (entry == null) {
            throw new IllegalStateException("the access-log entry is not in the OpenAPI document");
        }
        entry.description("One read of personal data. The entry of a search has no subjectId and names the kinds of"
                + " value it compared in searchedBy; each customer the search showed has an entry of its own.");
        entry.setRequired(List.of("at", "actor", "action"));
        Map<String, Schema> properties = entry.getProperties();
        properties.get("subjectId").format("uuid");
        properties.get("action").example("customer.view");
        properties.get("purpose").description("The Purpose header of the read, if it had one").example("support call");
    }
}
