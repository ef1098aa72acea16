package org.customervault.api.admin;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.customervault.api.cluster.TokenClaims;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.crypto.SubjectKeyStore;
import org.customervault.projections.ErasurePurgeLock;
import org.customervault.projections.customer.BlindIndexKeys;
import org.customervault.projections.customer.CustomerViewFold;
import org.customervault.projections.timeline.CustomerTimelineFold;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The replay part of a rebuild, done in bulk instead of event by event: the event store is read
 * once, in order of its global index, each event is handed to both read models' own handlers
 * folding into memory ({@link CustomerViewFold}, {@link CustomerTimelineFold}), and every chunk of
 * events ends with one transaction that writes the rows the chunk changed and moves both
 * processors' tokens to the last event read. The tokens are Axon's own for that event (gaps in the
 * global index included), so the processors, started afterwards, handle exactly what the bulk
 * replay did not: events stored after it, and events still uncommitted when it read past them.
 *
 * <p>A chunk is written by a second thread while the next one is folded, one chunk at a time.
 *
 * <p>An erasure meanwhile is not undone, whichever the key store: a chunk asks the key store which
 * of its customers are erased when it is made ready, and again in its write, which holds the
 * {@link ErasurePurgeLock} shared, while the erasure's purge of the read models holds it exclusively.
 *
 * <p>It runs while this node holds every segment's claim (taken by the reset) and keeps them
 * fresh, with each chunk's tokens and by a renewal of its own between them, so no node's processor
 * works on the read models meanwhile. Past {@link RebuildSettings#maxCustomers} customers in memory
 * it ends after the chunk at hand. Each
 * chunk's tokens are replay tokens: {@link ProjectionProgress} shows how far it has come. If it
 * fails, what it committed stands, and the processors go on from there event by event (where a
 * failing event is retried and parked as usual).
 */
@Component
class BulkReplay {

    private static final Logger LOG = LoggerFactory.getLogger(BulkReplay.class);
    /** A chunk is written at least this often, so that the claims stay well within their timeout. */
    private static final long CHUNK_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** How long a replay that ends waits for the write of its last chunk. */
    private static final Duration WRITE_PATIENCE = Duration.ofMinutes(2);

    /** Deletes, in a chunk's own transaction, both read models' rows of customers the key store says are erased. */
    private static final String PURGE_ERASED = """
            WITH timeline AS (
                DELETE FROM customer_timeline WHERE customer_id = ANY (?::uuid[]))
            DELETE FROM customer_view WHERE customer_id = ANY (?::uuid[])""";

    private final EventStorageEngine events;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;
    private final SubjectCipher cipher;
    private final SubjectKeyStore keyStore;
    private final BlindIndexKeys keys;
    private final int chunkEvents;
    private final int maxCustomers;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean closing;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "read-models-bulk-replay");
        thread.setDaemon(true);
        return thread;
    });

    BulkReplay(EventStorageEngine events, TokenStore tokens, TransactionManager transactions, JdbcTemplate jdbc,
               SubjectCipher cipher, SubjectKeyStore keyStore, BlindIndexKeys keys, RebuildSettings settings) {
        this.events = events;
        this.tokens = tokens;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.keyStore = keyStore;
        this.keys = keys;
        this.chunkEvents = settings.chunkEvents();
        this.maxCustomers = settings.maxCustomers();
    }

    boolean running() {
        return running.get();
    }

    /**
     * Replays in the background into read models just reset by {@code processors}, whose segments
     * this node has claimed; starts the processors when done, or failed.
     */
    void startAfterReset(List<TrackingEventProcessor> processors) {
        running.set(true);
        try {
            worker.execute(() -> {
                try {
                    replay(processors.stream().map(TrackingEventProcessor::getName).toList());
                } catch (RuntimeException failed) {
                    // the message may quote an event's value: the kind of failure only
                    LOG.warn("bulk replay of the read models stopped ({}); their processors go on event by event",
                            failed.getClass().getName());
                } finally {
                    try {
                        if (!closing) {
                            processors.forEach(TrackingEventProcessor::start);
                        }
                    } finally {
                        // only now: until the processors run, a second rebuild must still be refused
                        running.set(false);
                    }
                }
            });
        } catch (RuntimeException rejected) {
            running.set(false);
            throw rejected;
        }
    }

    /**
     * The application is closing: the replay stops after its current chunk's write, and leaves the
     * processors stopped; at the next start they go on from that chunk, event by event.
     */
    @EventListener(ContextClosedEvent.class)
    void close() {
        closing = true;
        worker.shutdown();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void replay(List<String> processors) {
        long started = System.nanoTime();
        TrackingToken headToken = events.createHeadToken();
        OptionalLong head = headToken == null ? OptionalLong.empty() : headToken.position();
        Map<String, Map<Integer, TrackingToken>> resetAt = new HashMap<>();
        transactions.executeInTransaction(() -> processors.forEach(name -> {
            Map<Integer, TrackingToken> segments = new HashMap<>();
            for (int segment : tokens.fetchSegments(name)) {
                TrackingToken token = tokens.fetchToken(name, segment);
                segments.put(segment, token instanceof ReplayToken replay ? replay.getTokenAtReset() : token);
            }
            resetAt.put(name, segments);
        }));
        CustomerViewFold view = new CustomerViewFold(cipher, keys);
        CustomerTimelineFold timeline = new CustomerTimelineFold(cipher);
        long replayed = 0;
        // the next chunk is folded while the last one is written: the JVM's half and PostgreSQL's overlap
        ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "read-models-bulk-write");
            thread.setDaemon(true);
            return thread;
        });
        ScheduledExecutorService claims = renewingClaims(resetAt);
        Future<?> writing = null;
        try (Stream<? extends TrackedEventMessage<?>> stream = events.readEvents(null, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = stream.iterator();
            boolean more = head.isPresent() && iterator.hasNext();
            while (more && !closing) {
                long chunkStarted = System.nanoTime();
                TrackingToken last = null;
                int folded = 0;
                Set<String> customers = new HashSet<>();
                if (view.customersHeld() > maxCustomers) {
                    LOG.warn("bulk replay of the read models ends with {} customers in memory, over its limit of {};"
                            + " their processors go on event by event", view.customersHeld(), maxCustomers);
                    break;
                }
                while (more && !closing && folded < chunkEvents && System.nanoTime() - chunkStarted < CHUNK_NANOS) {
                    TrackedEventMessage<?> event = iterator.next();
                    fold(view, timeline, event);
                    if (event instanceof DomainEventMessage<?> domainEvent) {
                        customers.add(domainEvent.getAggregateIdentifier());
                    }
                    last = event.trackingToken();
                    folded++;
                    // events stored after the start are left to the processors: a steady stream of them cannot keep it going
                    more = last.position().orElse(0) < head.getAsLong() && iterator.hasNext();
                }
                TrackingToken reached = last;
                CustomerViewFold.Write viewRows = view.prepare(this::erasedAmong);
                CustomerTimelineFold.Write timelineEntries = timeline.prepare(this::erasedAmong);
                // one chunk written at a time, in order: the tokens only move forward
                awaitWritten(writing);
                writing = writer.submit(() -> transactions.executeInTransaction(() -> {
                    // asked again under the lock: an erasure whose purge did not wait for this write is seen here
                    ErasurePurgeLock.holdForWriting(jdbc);
                    String[] erased = customerIds(keyStore.erasedAmong(customers));
                    viewRows.to(jdbc);
                    timelineEntries.to(jdbc);
                    if (erased.length > 0) {
                        jdbc.update(PURGE_ERASED, erased, erased);
                    }
                    resetAt.forEach((name, segments) -> segments.forEach((segment, atReset) ->
                            tokens.storeToken(ReplayToken.createReplayToken(atReset, reached), name, segment)));
                }));
                replayed += folded;
            }
            awaitWritten(writing);
        } finally {
            // a write under way is let finish, failure or not: interrupted, it would leave its connection mid-statement
            writer.shutdown();
            claims.shutdown();
            awaitTermination(writer);
            claims.shutdownNow();
        }
        LOG.info("bulk replay of the read models: {} events in {} ms", replayed,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Renews this node's claims on the processors' segments while the replay runs: a chunk's write
     * renews them when it commits, but one write can last longer than a claim's timeout, and another
     * node would then take the segments and project over the chunk being written. Each claim is
     * renewed in a transaction of its own, so that a renewal waits on at most one row the write holds.
     */
    private ScheduledExecutorService renewingClaims(Map<String, Map<Integer, TrackingToken>> segments) {
        ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "read-models-bulk-claims");
            thread.setDaemon(true);
            return thread;
        });
        long every = TokenClaims.TIMEOUT.toMillis() / 4;
        renewer.scheduleWithFixedDelay(() -> segments.forEach((name, claimed) -> claimed.keySet().forEach(segment -> {
            try {
                transactions.executeInTransaction(() -> tokens.extendClaim(name, segment));
            } catch (RuntimeException lost) {
                // the chunk's write then fails on storing its token, and the processors take over
                LOG.warn("bulk replay could not renew its claim on segment {} of {} ({})", segment, name,
                        lost.getClass().getName());
            }
        })), every, every, TimeUnit.MILLISECONDS);
        return renewer;
    }

    private static void awaitTermination(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(WRITE_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("a chunk's write of the bulk replay is still under way after {}", WRITE_PATIENCE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitWritten(Future<?> writing) {
        if (writing == null) {
            return;
        }
        try {
            writing.get();
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause
                    : new IllegalStateException("a chunk's write failed", failed.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a chunk was written", e);
        }
    }

    private static void fold(CustomerViewFold view, CustomerTimelineFold timeline, TrackedEventMessage<?> event) {
        try {
            view.handle(event);
            timeline.handle(event);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("an event handler failed: " + e.getClass().getName(), e);
        }
    }

    /** The customers among {@code customers} whose key has been destroyed by an erasure, as the key store says now. */
    private Set<UUID> erasedAmong(Collection<UUID> customers) {
        Set<String> erased = keyStore.erasedAmong(customers.stream().map(UUID::toString).toList());
        return erased.stream().map(UUID::fromString).collect(Collectors.toSet());
    }

    /** The subjects that are customers (the only ones with rows in these read models). */
    private static String[] customerIds(Set<String> subjects) {
        return subjects.stream().filter(BulkReplay::isCustomerId).toArray(String[]::new);
    }

    private static boolean isCustomerId(String subject) {
        try {
            return UUID.fromString(subject).toString().equalsIgnoreCase(subject);
        } catch (IllegalArgumentException notACustomer) {
            return false;
        }
    }
}
