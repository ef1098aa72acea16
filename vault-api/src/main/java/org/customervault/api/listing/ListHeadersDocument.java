package org.customervault.api.listing;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.math.BigDecimal;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/** The headers a list answered as a bare JSON array says itself with, declared on every such list. */
@Component
class ListHeadersDocument implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            ApiResponse listed = operation.getResponses() == null ? null : operation.getResponses().get("200");
            if (listed == null || listed.getContent() == null) {
                return;
            }
            MediaType json = listed.getContent().get("application/json");
            if (json != null && json.getSchema() != null && "array".equals(json.getSchema().getType())) {
                listed.addHeaderObject(ListHeaders.TOTAL_COUNT, new Header().schema(new IntegerSchema().minimum(
                        BigDecimal.ZERO)).description("How many items the list holds, counted up to its cap"));
                listed.addHeaderObject(ListHeaders.TOTAL_CAPPED, new Header().schema(new BooleanSchema())
                        .description("Present, true, when the list holds more than X-Total-Count"));
                listed.addHeaderObject(ListHeaders.NEXT_CURSOR, new Header().schema(new StringSchema())
                        .description("Send as cursor for the next page; absent on the last page"));
                listed.addHeaderObject(HttpHeaders.LINK, new Header().schema(new StringSchema())
                        .description("The next page, as rel=\"next\"; absent on the last page"));
            }
        }));
    }
}
