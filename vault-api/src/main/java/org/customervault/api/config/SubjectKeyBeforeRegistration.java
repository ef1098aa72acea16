package org.customervault.api.config;

import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.customervault.domain.crypto.SubjectKeyStore;
import org.customervault.domain.customer.Customer;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.springframework.stereotype.Component;

/**
 * Creates a new customer's data key when the registration is sent, before the command's
 * transaction begins. Created inside it, the key would need a second database connection (a key
 * is committed on its own, before the events it protects), and enough concurrent registrations
 * would hold every pooled connection while each waited for a second one. A registration that breaks
 * a rule is refused here already, so it leaves no key behind.
 */
@Component
class SubjectKeyBeforeRegistration implements MessageDispatchInterceptor<CommandMessage<?>> {

    private final SubjectKeyStore keys;

    SubjectKeyBeforeRegistration(CommandBus commands, SubjectKeyStore keys) {
        this.keys = keys;
        commands.registerDispatchInterceptor(this);
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            if (command.getPayload() instanceof RegisterCustomerCommand registration) {
                Customer.checkRegistration(registration);
                keys.keyForWriting(registration.customerId().value());
            }
            return command;
        };
    }
}
