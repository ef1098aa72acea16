package org.customervault.api.access;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The {@code Purpose} header's rule, stated once for every read that takes it. A pattern of
 * "letters of any script" is not one every JSON Schema tool reads alike, so the description says it.
 */
@Component
class PurposeHeaderDocument implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            if (operation.getParameters() != null) {
                operation.getParameters().stream().filter(PurposeHeaderDocument::isPurpose).forEach(parameter -> {
                    parameter.description("Why the caller reads the data, recorded in the access log: 1 to "
                            + Purpose.MAX_LENGTH + " letters, digits, spaces or . _ : / -, starting with a letter or digit");
                    parameter.getSchema().minLength(1).maxLength(Purpose.MAX_LENGTH).example("support call");
                });
            }
        }));
    }

    private static boolean isPurpose(Parameter parameter) {
        return "header".equals(parameter.getIn()) && Purpose.HEADER.equals(parameter.getName());
    }
}
