package org.customervault.api.customer;

import java.util.Objects;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.RepositorySpanFactory;
import org.customervault.domain.customer.Customer;

/**
 * Loads customers from the {@link CustomerCache} while the event store holds nothing newer for them,
 * and otherwise from their last snapshot and the events after it. Another node sharing the database
 * may have changed a customer since this node cached it; one indexed look-up of the customer's last
 * sequence number tells, and costs less than reading and decrypting the customer's events.
 */
final class StoreCheckedCustomerRepository extends CachingEventSourcingRepository<Customer> {

    private final CustomerCache cache;
    private final EventStore events;

    StoreCheckedCustomerRepository(CustomerCache cache, SnapshotTriggerDefinition snapshots, Configuration axon) {
        super(EventSourcingRepository.builder(Customer.class)
                .snapshotTriggerDefinition(snapshots)
                .parameterResolverFactory(axon.parameterResolverFactory())
                .handlerDefinition(axon.handlerDefinition(Customer.class))
                .eventStore(axon.eventStore())
                .repositoryProvider(axon::repository)
                .spanFactory(axon.getComponent(RepositorySpanFactory.class))
                .cache(cache));
        this.cache = cache;
        this.events = axon.eventStore();
    }

    @Override
    protected EventSourcedAggregate<Customer> doLoadWithLock(String customerId, Long expectedVersion) {
        boolean cached = cache.containsKey(customerId);
        EventSourcedAggregate<Customer> customer = super.doLoadWithLock(customerId, expectedVersion);
        if (cached && !Objects.equals(customer.version(), events.lastSequenceNumberFor(customerId).orElse(null))) {
            cache.evict(customerId);
            return super.doLoadWithLock(customerId, expectedVersion);
        }
        return customer;
    }
}
