package org.customervault.api.snapshot;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.customervault.domain.customer.Customer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * When and where customers' snapshots are taken: after every {@code vault.snapshots.every} events of
 * a customer (Axon's count: the events read when the customer is loaded, from its last snapshot on,
 * and those it gains while kept in memory), by one background thread once the command that crossed
 * the count has committed. With {@code 0} none is taken and none stored earlier is read. Axon lets
 * one snapshot per customer be under way at a time, so the queue holds at most one task per
 * customer. A snapshot is only a shortcut: one still queued when the vault stops is dropped, and the
 * next command that crosses the count asks again.
 */
@Component
public class CustomerSnapshotting implements DisposableBean {

    private final SnapshotSettings settings;
    private final TransactionManager transactions;
    private final CustomerSnapshots snapshots;
    private final ThreadPoolExecutor executor;
    private final ReadableSnapshots readable;

    CustomerSnapshotting(SnapshotSettings settings, TransactionManager transactions, CustomerSnapshots snapshots) {
        this.settings = settings;
        this.transactions = transactions;
        this.snapshots = snapshots;
        this.readable = new ReadableSnapshots(settings.enabled());
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "vault-snapshots");
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.DiscardPolicy());
    }

    /** The snapshots the event store hands on: customer snapshots of the current revision; none when off. */
    public SnapshotFilter filter() {
        return readable;
    }

    /**
     * The event store's engine, handing on a snapshot only once it has been read whole and storing one
     * in place of the customer's others ({@link CheckedSnapshots}).
     */
    public EventStorageEngine checked(EventStorageEngine engine) {
        return new CheckedSnapshots(engine, snapshots, readable);
    }

    /** The customer repository's trigger, with a snapshotter over {@code axon}'s event store; none when off. */
    public SnapshotTriggerDefinition trigger(Configuration axon) {
        if (!settings.enabled()) {
            return NoSnapshotTriggerDefinition.INSTANCE;
        }
        CustomerSnapshotter snapshotter = new CustomerSnapshotter(AggregateSnapshotter.builder()
                .eventStore(axon.eventStore())
                .aggregateFactories(new GenericAggregateFactory<>(Customer.class))
                .repositoryProvider(axon::repository)
                .parameterResolverFactory(axon.parameterResolverFactory())
                .handlerDefinition(axon.handlerDefinition(Customer.class))
                .transactionManager(transactions)
                .executor(executor), snapshots);
        return new EventCountSnapshotTriggerDefinition(snapshotter, settings.every());
    }

    /** Drops the snapshots still queued and waits a little for the one being taken. */
    @Override
    public void destroy() throws InterruptedException {
        executor.getQueue().clear();
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
