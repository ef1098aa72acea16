package org.customervault.api.idempotency;

import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.List;
import org.customervault.api.problem.ProblemWriter;
import org.customervault.domain.crypto.IndexKeyStore;
import org.customervault.projections.customer.BlindIndexKeys;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Idempotency keys on every POST ({@link IdempotencyFilter}): a servlet filter right after Spring
 * Security's, so that the caller is known and a request refused for its credentials or role never
 * claims a key. The console's forms use the same store through {@link OneTimeForm}.
 */
@Configuration(proxyBeanMethods = false)
public class IdempotencyConfiguration implements WebMvcConfigurer {

    /** Spring Security's filter chain runs at -100 ({@code SecurityFilterProperties.DEFAULT_FILTER_ORDER}). */
    static final int AFTER_SECURITY = -99;

    @Bean
    IdempotencyKeys idempotencyKeys(JdbcTemplate jdbc, IdempotencySettings settings) {
        return new IdempotencyKeys(jdbc, settings);
    }

    @Bean
    IdempotencyKeyPurge idempotencyKeyPurge(IdempotencyKeys keys, IdempotencySettings settings) {
        return new IdempotencyKeyPurge(keys, settings);
    }

    @Bean
    IdempotencySecret idempotencySecret(BlindIndexKeys versions, IndexKeyStore store) {
        return new IdempotencySecret(versions, store);
    }

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyKeys keys, IdempotencySecret secret,
                                                                ProblemWriter problems) {
        FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(
                new IdempotencyFilter(keys, secret, problems));
        registration.setOrder(AFTER_SECURITY);
        // the API's POSTs only: the error page, open to anyone, must not let anyone claim keys
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ReplayableAnswers());
    }

    /**
     * The console's {@link OneTimeForm} posts, in the same store as the API's keys (a key of its own kind). On every
     * path: it acts on the handlers marked only, wherever they are.
     */
    @Bean
    WebMvcConfigurer oneTimeForms(IdempotencyKeys keys, IdempotencySecret secret) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new OneTimeForms(keys, secret));
            }
        };
    }

    /** The header, its replay marker and its 422 on every POST of the OpenAPI document. */
    @Bean
    OpenApiCustomizer idempotencyKeyDocumentation() {
        return openApi -> openApi.getPaths().values().forEach(path -> {
            if (path.getPost() == null) {
                return;
            }
            path.getPost().addParametersItem(new HeaderParameter().name(IdempotencyFilter.KEY_HEADER)
                    .description("1 to " + IdempotencyFilter.LONGEST_KEY + " printable ASCII characters, new for each"
                            + " request; the same key with the same request within 24 hours answers the first answer"
                            + " again (Idempotent-Replayed: true), with another request 422, while the first runs 409")
                    .schema(new StringSchema().minLength(1).maxLength(IdempotencyFilter.LONGEST_KEY)
                            .pattern("^[\\x20-\\x7E]+$")));
            path.getPost().getResponses().values().forEach(response -> {
                if (response.getContent() == null || !response.getContent().containsKey("application/problem+json")) {
                    response.addHeaderObject(IdempotencyFilter.REPLAYED_HEADER, new Header()
                            .description("true when this is the kept answer of an earlier request with the same"
                                    + " Idempotency-Key").schema(new StringSchema()._enum(List.of("true"))));
                }
            });
            path.getPost().getResponses().putIfAbsent("422", new ApiResponse()
                    .description("The Idempotency-Key was sent before with another request; nothing was done")
                    .content(new Content().addMediaType("application/problem+json", new MediaType()
                            .schema(new Schema<>().$ref("#/components/schemas/Problem")))));
        });
    }
}
