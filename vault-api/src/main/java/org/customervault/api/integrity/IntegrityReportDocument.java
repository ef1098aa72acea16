package org.customervault.api.integrity;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.customervault.infra.integrity.ChainedLog;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The integrity report's members that are {@code null} by design, said so in the OpenAPI document:
 * {@code firstBreak} while the chains are intact, {@code checkpoint} before the first one is signed,
 * and a break's position, row key and detail where it names no link or row. The report is written
 * with every member present (a client tells "intact" from "not checked" by it), so the document must
 * allow the nulls; and its {@code checked} counts name every chained log. The report itself lives where
 * the check runs offline, without the API's annotations.
 */
@Component
class IntegrityReportDocument implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        allowNull(schemas.get("IntegrityReport"), "firstBreak", "checkpoint");
        allowNull(schemas.get("Break"), "position", "rowKey", "detail");
        nameTheChainedLogs(schemas.get("IntegrityReport"));
    }

    /**
     * {@code checked} is a map in Java; in the document it is an object with one count per chained
     * log, every one of them always present, so that a client sees which logs are checked (a log
     * added later appears here by itself, from {@link ChainedLog}).
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void nameTheChainedLogs(Schema report) {
        Schema<Object> checked = new Schema<>().types(new LinkedHashSet<>(List.of("object")))
                .description("How many rows of each log were found chained, up to that log's first break.")
                .additionalProperties(false);
        for (ChainedLog log : ChainedLog.values()) {
            checked.addProperty(log.label(), new Schema<>().types(new LinkedHashSet<>(List.of("integer")))
                    .format("int64").minimum(BigDecimal.ZERO));
            checked.addRequiredItem(log.label());
        }
        report.getProperties().put("checked", checked);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void allowNull(Schema schema, String... members) {
        if (schema == null) {
            throw new IllegalStateException("the integrity report is not in the OpenAPI document");
        }
        Map<String, Schema> properties = schema.getProperties();
        for (String member : members) {
            Schema property = properties.get(member);
            if (property.get$ref() != null) {
                properties.put(member, new Schema<>().anyOf(List.of(new Schema<>().$ref(property.get$ref()),
                        new Schema<>().types(new LinkedHashSet<>(List.of("null"))))));
            } else {
                LinkedHashSet<String> types = new LinkedHashSet<>();
                if (property.getTypes() != null) {
                    types.addAll(property.getTypes());
                } else if (property.getType() != null) {
                    types.add(property.getType());
                }
                types.add("null");
                property.setTypes(types);
            }
        }
    }
}
