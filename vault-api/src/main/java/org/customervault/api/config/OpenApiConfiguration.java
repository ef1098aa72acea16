package org.customervault.api.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs}: HTTP Basic or a bearer token (an API token or an
 * OpenID Connect JWT) on every operation, and every error any operation can answer with documented
 * as an RFC 9457 problem.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    private static final String BASIC = "basic";
    private static final String BEARER = "bearer";
    private static final String PROBLEM = "Problem";
    private static final Map<String, String> ERRORS = Map.ofEntries(
            Map.entry("400", "Invalid or malformed input; nothing was stored"),
            Map.entry("401", "Missing or wrong credentials"),
            Map.entry("403", "The caller's role does not allow this operation"),
            Map.entry("404", "No such customer (or token, user, rotation)"),
            Map.entry("405", "Method not allowed on this resource"),
            Map.entry("406", "Only JSON can be produced"),
            Map.entry("409", "Conflicts with the customer's state (restricted processing, duplicate order), or a"
                    + " token or user name that is taken"),
            Map.entry("410", "The customer was erased"),
            Map.entry("413", "Request body over 64 KiB"),
            Map.entry("429", "Too many searches by this user, or too many failed sign-ins for this user name or from"
                    + " this address (then even the right password is refused); Retry-After says how many seconds to wait"),
            Map.entry("415", "Only JSON is accepted: a request that changes data declares Content-Type: application/json,"
                    + " also without a body"),
            Map.entry("503", "The key store cannot be reached; nothing was stored"));

    @Bean
    OpenAPI vaultOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Customer-data vault").version("1")
                        .description("Customers' personal data under per-customer keys, for CRM front-ends and compliance."))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic"))
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API token issued by ADMIN (cvt_...) or a JWT of the configured"
                                        + " OpenID Connect issuer")))
                // two requirements: either one will do
                .addSecurityItem(new SecurityRequirement().addList(BASIC))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation ->
                    ERRORS.forEach((status, description) -> operation.getResponses().putIfAbsent(status,
                            errorResponse(status, description)))));
        };
    }

    private static ApiResponse errorResponse(String status, String description) {
        ApiResponse response = new ApiResponse().description(description).content(new Content().addMediaType(
                "application/problem+json", new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
        if (status.equals("429")) {
            response.addHeaderObject("Retry-After", new Header().description("Seconds to wait before trying again")
                    .schema(new IntegerSchema()));
        }
        return response;
    }

    private static Schema<?> problemSchema() {
        ObjectSchema violation = new ObjectSchema();
        violation.addProperty("field", new StringSchema());
        violation.addProperty("message", new StringSchema());
        ObjectSchema problem = new ObjectSchema();
        problem.addProperty("type", new StringSchema());
        problem.addProperty("title", new StringSchema());
        problem.addProperty("status", new IntegerSchema());
        problem.addProperty("detail", new StringSchema());
        problem.addProperty("instance", new StringSchema());
        problem.addProperty("errors", new ArraySchema().items(violation));
        problem.setRequired(List.of("type", "title", "status"));
        return problem;
    }
}
