package org.customervault.api.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.AGENT;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.customervault.api.security.ActorMetadata;
import org.customervault.api.support.RunningVault;
import org.customervault.domain.crypto.SubjectKeyStore;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How often each command dispatch interceptor runs for one command sent through the gateway: once.
 * (Each ran twice while it registered itself as well as being a bean that Axon's auto-configuration
 * registers with the gateway.)
 * The interceptor that creates a registration's key before its transaction runs with OpenBao only;
 * here it is declared on the local store, wrapped to count, as is the one that stamps the actor.
 */
class CommandDispatchInterceptorsTest {

    private static final AtomicInteger ACTOR_STAMPS = new AtomicInteger();
    private static final AtomicInteger KEYS_BEFORE_REGISTRATION = new AtomicInteger();

    @TempDir
    Path root;

    @Test
    void eachDispatchInterceptorRunsOncePerCommand() {
        try (RunningVault vault = RunningVault.start(root, Map.of("spring.main.allow-bean-definition-overriding", true),
                CountingInterceptors.class)) {
            ACTOR_STAMPS.set(0);
            KEYS_BEFORE_REGISTRATION.set(0);

            assertThat(vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Ona Once\"}").status()).isEqualTo(201);

            assertThat(Map.of("key created before the registration's transaction", KEYS_BEFORE_REGISTRATION.get(),
                    "actor stamped on the registration", ACTOR_STAMPS.get()))
                    .containsEntry("key created before the registration's transaction", 1)
                    .containsEntry("actor stamped on the registration", 1);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CountingInterceptors {

        @Bean
        ActorMetadata actorMetadata() {
            return new ActorMetadata() {
                @Override
                public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
                        List<? extends CommandMessage<?>> messages) {
                    return counting(super.handle(messages), ACTOR_STAMPS);
                }
            };
        }

        @Bean
        SubjectKeyBeforeRegistration subjectKeyBeforeRegistration(SubjectKeyStore keys) {
            return new SubjectKeyBeforeRegistration(keys) {
                @Override
                public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
                        List<? extends CommandMessage<?>> messages) {
                    return counting(super.handle(messages), KEYS_BEFORE_REGISTRATION);
                }
            };
        }

        private static BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> counting(
                BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> interceptor, AtomicInteger calls) {
            return (index, command) -> {
                if (command.getPayload() instanceof RegisterCustomerCommand) {
                    calls.incrementAndGet();
                }
                return interceptor.apply(index, command);
            };
        }
    }
}
