package org.customervault.api.erasure;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.customervault.api.deadletter.DeadLetters;
import org.customervault.api.problem.NotFoundException;
import org.customervault.api.security.SystemActors;
import org.customervault.api.snapshot.CustomerSnapshots;
import org.customervault.domain.crypto.ErasedKeys;
import org.customervault.domain.crypto.SubjectKeyStore;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.LegalHoldException;
import org.customervault.domain.customer.api.CompleteCustomerErasureCommand;
import org.customervault.domain.customer.api.ConfirmErasureAllowedCommand;
import org.customervault.domain.customer.api.ErasureCertificate;
import org.customervault.domain.customer.api.RequestCustomerErasureCommand;
import org.customervault.infra.postgres.ErasureFeed;
import org.customervault.projections.compliance.ErasureLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Erases a customer by crypto-shredding, in an order that converges after a crash at any step:
 * the erasure is opened in the ledger and recorded as an event; the key is destroyed and the fence
 * set (one transaction of the key store); the erasure is announced on the erasure feed, and this
 * node forgets the customer's keys and cached customer; the read models drop the customer; every
 * other live node sharing the database acknowledges the erasure or lets its cache lease lapse
 * ({@link ErasureFeed}), and what each node did is kept on the pending certificate; the erasure is
 * recorded as an event; the key store keeps the erasure with the hash of its certificate where a
 * restore of the database cannot reach it; the ledger's certificate is completed. Until then the
 * certificate stays pending. Every step can run again without harm (the nodes' first complete
 * measurement stands, so a re-run certifies the same certificate), and erasures left pending in the
 * ledger are finished when the vault starts, before it serves a request
 * ({@link ErasuresBeforeServing}).
 *
 * <p>The key store's fence outlives the database (Vault/OpenBao, or the local store's fence file):
 * after a restore of a backup taken before an erasure, the database knows nothing of it, but the
 * fence does. At start every fenced customer the database still holds is erased again, so the
 * restored copy converges to the erased state.
 */
@Component
public class ErasureProcess {

    static final String REAPPLIED_BY = SystemActors.KEY_STORE_FENCE;
    static final List<String> PURGED = List.of("key-store", "customer-view", "customer-search",
            "customer-timeline", "dead-letters", "snapshots");
    private static final Logger LOG = LoggerFactory.getLogger(ErasureProcess.class);

    private final CommandGateway commands;
    private final EventStore events;
    private final SubjectKeyStore keys;
    private final ErasureLedger ledger;
    private final ReadModelsPurge readModels;
    private final ErasureFeed nodes;
    private final DeadLetters deadLetters;
    private final CustomerSnapshots snapshots;
    private final Timer erasures;

    ErasureProcess(CommandGateway commands, EventStore events, SubjectKeyStore keys, ErasureLedger ledger,
                   ReadModelsPurge readModels, ErasureFeed nodes, DeadLetters deadLetters, CustomerSnapshots snapshots,
                   MeterRegistry registry) {
        this.nodes = nodes;
        this.deadLetters = deadLetters;
        this.snapshots = snapshots;
        this.erasures = Timer.builder("vault.erasures").description("Erasures carried out, request to certificate")
                .register(registry);
        Gauge.builder("vault.erasures.pending", ledger, pending -> pending.pending().size())
                .description("Erasures begun and not yet completed").register(registry);
        this.commands = commands;
        this.events = events;
        this.keys = keys;
        this.ledger = ledger;
        this.readModels = readModels;
    }

    /**
     * Erases the customer and answers with the certificate; asking again answers the same. The
     * ledger row comes first, so that a crash at any later step leaves a pending erasure to finish;
     * before it, the customer confirms that no legal hold stands, so a held customer leaves nothing.
     *
     * @throws LegalHoldException (possibly as the cause) while a legal hold stands; nothing is erased
     */
    public ErasureCertificate erase(CustomerId customer, String requestedBy) {
        return erase(customer, requestedBy, null);
    }

    /**
     * As {@link #erase(CustomerId, String)}, for a customer judged at {@code judgedVersion} (a
     * retention policy's): refused, and nothing left pending, if the customer changed since.
     */
    public ErasureCertificate erase(CustomerId customer, String requestedBy, Long judgedVersion) {
        if (ledger.find(customer).isPresent()) {
            // under way already (another request, or one a crash interrupted): finished as it was asked
            return complete(customer, null);
        }
        if (events.lastSequenceNumberFor(customer.value()).isEmpty()) {
            throw new NotFoundException("customer");
        }
        commands.sendAndWait(new ConfirmErasureAllowedCommand(customer, judgedVersion));
        ledger.begin(customer, requestedBy, Instant.now());
        return complete(customer, judgedVersion == null ? null : new Judged(judgedVersion));
    }

    /**
     * An erasure this call began for a customer judged at a version: if the customer refuses it,
     * whatever the reason, its pending row is withdrawn, so that the next start does not carry out an
     * erasure the customer's later activity may have made wrong; the next judgement decides again.
     */
    private record Judged(long version) {
    }

    private ErasureCertificate complete(CustomerId customer, Judged begunHere) {
        ErasureCertificate recorded = ledger.find(customer).orElseThrow();
        if (recorded.completed()) {
            return recorded;
        }
        return erasures.record(() -> carryOut(customer, REAPPLIED_BY.equals(recorded.requestedBy()), begunHere));
    }

    private ErasureCertificate carryOut(CustomerId customer, boolean keyAlreadyDestroyed, Judged begunHere) {
        requestErasure(customer, keyAlreadyDestroyed, begunHere);
        ErasedKeys destroyed = keys.destroy(customer.value());
        ErasureFeed.Acknowledgements acknowledgements = nodes.evictEverywhere(customer.value());
        // parked events first: a retry in flight holds its letter's row until it commits, so the
        // purge waits for it, and the read-model purges after it remove whatever that retry wrote
        deadLetters.purge(customer);
        readModels.purge(customer);
        // after the key's destruction: a snapshot being taken is waited for and deleted, a later one cannot be sealed
        snapshots.purge(customer);
        if (!acknowledgements.complete()) {
            // asking again, or the next start, measures the nodes again
            return ledger.find(customer).orElseThrow();
        }
        ledger.measured(customer, acknowledgements.nodes());
        ErasureCertificate pending = ledger.find(customer).orElseThrow();
        commands.sendAndWait(new CompleteCustomerErasureCommand(customer, destroyed.keyIds()));
        ErasureCertificate certificate = pending.completedAt(destroyed.erasedAt(), destroyed.keyIds(), PURGED,
                pending.nodes());
        keys.certify(destroyed, certificate.sha256());
        ledger.complete(customer, destroyed.keyIds(), destroyed.erasedAt(), PURGED, pending.nodes());
        return ledger.find(customer).orElseThrow();
    }

    /**
     * The customer records the erasure, or refuses it for a hold placed after the confirmation (or before a
     * crash left the erasure pending): the ledger's pending row is then withdrawn, as nothing was erased.
     * So is the row of a judged erasure this call began, whatever the refusal (see {@link Judged}).
     */
    private void requestErasure(CustomerId customer, boolean keyAlreadyDestroyed, Judged begunHere) {
        try {
            commands.sendAndWait(new RequestCustomerErasureCommand(customer, keyAlreadyDestroyed,
                    begunHere == null ? null : begunHere.version()));
        } catch (RuntimeException refused) {
            if (LegalHoldException.isCauseOf(refused) || begunHere != null) {
                ledger.withdraw(customer);
            }
            throw refused;
        }
    }


    /**
     * Finishes the erasures a crash interrupted, gives the key store the certificates of erasures it
     * does not keep yet (those completed before it kept them), and applies again the erasures that a
     * restored database forgot. Runs before the vault serves a request ({@link ErasuresBeforeServing}).
     */
    void finishPendingErasures() {
        for (CustomerId customer : ledger.pending()) {
            LOG.info("finishing the erasure of customer {} that was interrupted", customer);
            try {
                complete(customer, null);
            } catch (RuntimeException failure) {
                if (!LegalHoldException.isCauseOf(failure)) {
                    throw failure;
                }
                LOG.warn("the interrupted erasure of customer {} was withdrawn: a legal hold stands", customer);
            }
        }
        for (CustomerId customer : customers(keys.uncertifiedErasures())) {
            ledger.find(customer).filter(ErasureCertificate::completed).ifPresent(certificate -> keys.certify(
                    new ErasedKeys(customer.value(), certificate.keyIds(), certificate.erasedAt()), certificate.sha256()));
        }
        for (CustomerId customer : fencedButUnknownToTheLedger()) {
            LOG.warn("customer {} was erased in the key store but not in this database (restored from a backup?):"
                    + " applying the erasure again", customer);
            ledger.begin(customer, REAPPLIED_BY, Instant.now());
            complete(customer, null);
        }
    }

    private List<CustomerId> fencedButUnknownToTheLedger() {
        List<CustomerId> fenced = customers(keys.erasedSubjects());
        // one query for every erasure ever made; only the few the ledger lacks are looked up one by one
        Set<CustomerId> inTheLedger = ledger.known(fenced);
        return fenced.stream()
                .filter(customer -> !inTheLedger.contains(customer))
                .filter(customer -> events.lastSequenceNumberFor(customer.value()).isPresent())
                .toList();
    }

    private static List<CustomerId> customers(List<String> subjects) {
        return subjects.stream()
                .flatMap(subject -> {
                    try {
                        return Stream.of(CustomerId.of(subject));
                    } catch (IllegalArgumentException notACustomer) {
                        return Stream.empty();
                    }
                })
                .toList();
    }
}
