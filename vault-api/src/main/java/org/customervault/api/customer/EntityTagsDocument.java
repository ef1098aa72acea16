package org.customervault.api.customer;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Versions in the OpenAPI document: what {@code If-Match} and {@code If-None-Match} mean wherever an
 * operation takes them, and the {@code ETag} on the successful answers of those operations.
 */
@Component
class EntityTagsDocument implements OpenApiCustomizer {

    private static final String IF_MATCH = """
            The customer's ETag as last read ("7"), to store this write only if the customer is still at that \
            version (else 412, nothing stored); * for any version. Without it the write applies to the current \
            version.""";
    private static final String IF_NONE_MATCH = "ETags already held; 304 when one names the version the view is at.";
    private static final String ETAG = """
            The customer's version: after a write, the one it left the customer at; on a read, the one the view \
            shows.""";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(EntityTagsDocument::describe));
    }

    private static void describe(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        boolean versioned = false;
        for (Parameter parameter : operation.getParameters()) {
            if (!"header".equals(parameter.getIn())) {
                continue;
            }
            if (EntityTags.IF_MATCH.equalsIgnoreCase(parameter.getName())) {
                parameter.description(IF_MATCH);
                versioned = true;
            } else if (EntityTags.IF_NONE_MATCH.equalsIgnoreCase(parameter.getName())) {
                parameter.description(IF_NONE_MATCH);
                versioned = true;
            }
        }
        if (versioned && operation.getResponses() != null) {
            operation.getResponses().forEach((status, response) -> {
                if (status.startsWith("2") || status.equals("304")) {
                    withETag(response);
                }
            });
        }
    }

    private static void withETag(ApiResponse response) {
        response.addHeaderObject("ETag", new Header().description(ETAG).schema(new StringSchema()));
    }
}
