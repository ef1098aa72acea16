package org.customervault.api.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.RegisterCustomerCommand;

/** Registers many customers straight through the command gateway and waits until the 360 view shows them. */
public final class Seeder {

    private static final int THREADS = 8;

    private Seeder() {
    }

    /** The customers registered, and how long the commands took until the last one was stored. */
    public record Registered(List<CustomerId> ids, Duration commands) {
    }

    public static List<CustomerId> register(RunningVault vault, int count,
                                            BiFunction<CustomerId, Integer, RegisterCustomerCommand> command)
            throws Exception {
        return registerTimed(vault, count, command).ids();
    }

    public static Registered registerTimed(RunningVault vault, int count,
                                           BiFunction<CustomerId, Integer, RegisterCustomerCommand> command)
            throws Exception {
        long started = System.nanoTime();
        CommandGateway commands = vault.bean(CommandGateway.class);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<CustomerId>> registered = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            registered.add(pool.submit(() -> {
                CustomerId id = CustomerId.newId();
                commands.sendAndWait(command.apply(id, n));
                return id;
            }));
        }
        List<CustomerId> ids = new ArrayList<>();
        try {
            for (Future<CustomerId> id : registered) {
                ids.add(id.get());
            }
        } finally {
            pool.shutdown();
        }
        Duration sending = Duration.ofNanos(System.nanoTime() - started);
        await("every registered customer in the view").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> vault.jdbc().queryForObject("SELECT count(*) FROM customer_view", Long.class) >= count);
        return new Registered(ids, sending);
    }
}
