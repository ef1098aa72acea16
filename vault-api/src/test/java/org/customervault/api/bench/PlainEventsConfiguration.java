package org.customervault.api.bench;

import org.customervault.domain.crypto.VaultJson;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;

/**
 * The baseline of the append benchmark: the same application with its events stored by Axon's plain
 * Jackson serializer in place of the encrypting one, so no personal field is encrypted and no key is
 * looked up or created on the command path. For measuring only; the vault itself has no such switch.
 *
 * <p>Deliberately not a {@code @Configuration}: the application scans its package for those, and this
 * must never reach any context but the benchmark's, which names it as a source.
 */
class PlainEventsConfiguration {

    @Bean
    static BeanPostProcessor plainEventSerializer() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return "eventSerializer".equals(name) ? VaultJson.serializer() : bean;
            }
        };
    }
}
