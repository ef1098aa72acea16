package org.customervault.api.keys;

import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.customervault.domain.crypto.SubjectKeyStore;
import org.customervault.domain.customer.Customer;
import org.customervault.domain.customer.api.RegisterCustomerCommand;

/**
 * With Vault/OpenBao, creates a new customer's data key when the registration is sent, before the
 * command's transaction begins: the call to the key server then holds no pooled database connection,
 * and a registration that breaks a rule is refused here already, so it leaves no key behind (a key
 * created in Vault/OpenBao does not roll back with the transaction). The local key store needs no
 * such step: it creates the key inside the registration's transaction.
 *
 * <p>As a bean it is registered with the command gateway by Axon's auto-configuration (every command
 * is sent through the gateway), and nowhere else, so it runs once per command.
 */
class SubjectKeyBeforeRegistration implements MessageDispatchInterceptor<CommandMessage<?>> {

    private final SubjectKeyStore keys;

    SubjectKeyBeforeRegistration(SubjectKeyStore keys) {
        this.keys = keys;
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
