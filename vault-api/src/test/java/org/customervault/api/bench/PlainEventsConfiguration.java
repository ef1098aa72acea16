package org.customervault.api.bench;

import java.nio.charset.StandardCharsets;
import org.customervault.api.support.RunningVault;
import org.customervault.domain.crypto.VaultJson;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;

/**
 * The baseline of the append and replay benchmarks: the same application with its events stored by Axon's plain
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

    /** A benchmark means nothing if a run stored other than it claims (encrypted or plain). */
    static void requireStored(RunningVault vault, boolean encrypted) {
        String lastStored = new String(vault.jdbc().queryForObject(
                "SELECT payload FROM domainevententry ORDER BY globalindex DESC LIMIT 1", byte[].class), StandardCharsets.UTF_8);
        if (lastStored.contains("cv2:") != encrypted) {
            throw new IllegalStateException("the " + (encrypted ? "encrypted" : "plain") + " run stored "
                    + (lastStored.contains("cv2:") ? "encrypted" : "plain") + " events");
        }
    }
}
