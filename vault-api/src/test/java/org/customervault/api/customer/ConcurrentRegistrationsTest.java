package org.customervault.api.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.customervault.api.support.RunningVault;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * More concurrent registrations than the database pool has connections: each new customer's key is
 * created on the registration's own connection, inside its transaction, so no registration waits for
 * a second connection while holding one (which, with every connection held, would wait forever), and
 * the key commits with the customer's first events.
 */
class ConcurrentRegistrationsTest {

    private static final int CLIENTS = 48;
    private static final int REGISTRATIONS_EACH = 5;

    @TempDir
    Path data;

    @Test
    void canRegisterFromMoreClientsThanTheDatabaseHasConnections() throws Exception {
        try (RunningVault vault = RunningVault.start(data)) {
            CommandGateway commands = vault.bean(CommandGateway.class);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    for (int n = 0; n < REGISTRATIONS_EACH; n++) {
                        commands.sendAndWait(new RegisterCustomerCommand(CustomerId.newId(), "Concurrent " + client + " " + n,
                                "c" + client + "." + n + "@example.com", null, null, null, null, null), 60, TimeUnit.SECONDS);
                    }
                    return null;
                }));
            }
            for (Future<?> registration : running) {
                registration.get(2, TimeUnit.MINUTES);
            }
            clients.shutdown();

            assertThat(vault.jdbc().queryForObject("SELECT count(DISTINCT aggregateidentifier) FROM domainevententry", Long.class))
                    .isEqualTo((long) CLIENTS * REGISTRATIONS_EACH);
            assertThat(vault.jdbc().queryForObject("""
                    SELECT count(*) FROM subject_key k JOIN domainevententry e
                    ON e.aggregateidentifier = k.subject_id AND e.sequencenumber = 0 AND k.xmin = e.xmin""", Long.class))
                    .as("every key written by the transaction that stored its customer's first event")
                    .isEqualTo((long) CLIENTS * REGISTRATIONS_EACH);
        }
    }
}
