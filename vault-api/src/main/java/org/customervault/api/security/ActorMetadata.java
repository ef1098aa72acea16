package org.customervault.api.security;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.customervault.domain.customer.api.MetadataKeys;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Stamps every command with the authenticated user who sent it; a correlation data provider
 * carries the stamp into the metadata of the events the command causes. As a bean it is registered
 * with the command gateway by Axon's auto-configuration, which is how every command dispatch
 * interceptor of the vault is registered: once, so it runs once per command.
 */
@Component
public class ActorMetadata implements MessageDispatchInterceptor<CommandMessage<?>> {

    public static final String KEY = MetadataKeys.ACTOR;
    private static final String UNAUTHENTICATED = "system";

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> command.andMetaData(Map.of(KEY, currentActor()));
    }

    private static String currentActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? UNAUTHENTICATED : authentication.getName();
    }
}
