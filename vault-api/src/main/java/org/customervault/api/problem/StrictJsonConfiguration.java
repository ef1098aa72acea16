package org.customervault.api.problem;

import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies are read as written, never guessed at: a number is not a name, {@code "true"} is
 * not a boolean, a key given twice is not "the last one wins", and no body nests deeper than the
 * deepest request of the API (a customer's address or preferences, two levels). Times and dates are
 * ISO 8601 text only ({@link TextOnlyTimes}).
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

    /** Deep enough for every request body, with room for the API to grow; far below Jackson's 500. */
    static final int MAX_NESTING_DEPTH = 8;

    @Bean
    JsonFactoryBuilderCustomizer strictJsonTokens() {
        return factory -> factory
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
    }

    @Bean
    JsonMapperBuilderCustomizer strictJsonTypes() {
        return mapper -> mapper
                .addModule(TextOnlyTimes.module())
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .defaultLeniency(false)
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, bool -> bool
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .withCoercionConfigDefaults(all -> all
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
    }
}
