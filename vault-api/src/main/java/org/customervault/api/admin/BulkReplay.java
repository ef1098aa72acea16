package org.customervault.api.admin;

import java.util.ArrayList;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.customervault.domain.crypto.SubjectCipher;
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
 * <p>It runs while this node holds every segment's claim (taken by the reset) and keeps them
 * fresh with each chunk's tokens, so no node's processor works on the read models meanwhile. Each
 * chunk's tokens are replay tokens: {@link ProjectionProgress} shows how far it has come. If it
 * fails, what it committed stands, and the processors go on from there event by event (where a
 * failing event is retried and parked as usual).
 */
@Component
class BulkReplay {

    private static final Logger LOG = LoggerFactory.getLogger(BulkReplay.class);
    /** A chunk is written at least this often, so that the claims stay well within their timeout. */
    private static final long CHUNK_NANOS = TimeUnit.SECONDS.toNanos(2);

    private static final String ERASED = """
            SELECT subject_id FROM erasure_fence WHERE subject_id = ANY (?)""";

    /**
     * Deletes, in a chunk's own transaction, what it wrote of customers erased since the chunk was
     * made ready (their erasure's own purge may have run before this write).
     */
    private static final String PURGE_FENCED = """
            WITH fenced AS (
                SELECT subject_id FROM erasure_fence WHERE subject_id = ANY (?)),
            timeline AS (
                DELETE FROM customer_timeline WHERE customer_id = ANY (?::uuid[])
                    AND customer_id::text IN (SELECT subject_id FROM fenced))
            DELETE FROM customer_view WHERE customer_id = ANY (?::uuid[])
                AND customer_id::text IN (SELECT subject_id FROM fenced)""";

    private final EventStorageEngine events;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;
    private final SubjectCipher cipher;
    private final BlindIndexKeys keys;
    private final int chunkEvents;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean closing;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "read-models-bulk-replay");
        thread.setDaemon(true);
        return thread;
    });

    BulkReplay(EventStorageEngine events, TokenStore tokens, TransactionManager transactions, JdbcTemplate jdbc,
               SubjectCipher cipher, BlindIndexKeys keys, RebuildSettings settings) {
        this.events = events;
        this.tokens = tokens;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.keys = keys;
        this.chunkEvents = settings.chunkEvents();
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
                    running.set(false);
                    if (!closing) {
                        processors.forEach(TrackingEventProcessor::start);
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
        Future<?> writing = null;
        try (Stream<? extends TrackedEventMessage<?>> stream = events.readEvents(null, false)) {
            Iterator<? extends TrackedEventMessage<?>> iterator = stream.iterator();
            boolean more = head.isPresent() && iterator.hasNext();
            while (more && !closing) {
                long chunkStarted = System.nanoTime();
                TrackingToken last = null;
                int folded = 0;
                Set<String> customers = new HashSet<>();
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
                    viewRows.to(jdbc);
                    timelineEntries.to(jdbc);
                    String[] ids = customers.toArray(String[]::new);
                    jdbc.update(PURGE_FENCED, ids, ids, ids);
                    resetAt.forEach((name, segments) -> segments.forEach((segment, atReset) ->
                            tokens.storeToken(ReplayToken.createReplayToken(atReset, reached), name, segment)));
                }));
                replayed += folded;
            }
            awaitWritten(writing);
        } finally {
            writer.shutdownNow();
        }
        LOG.info("bulk replay of the read models: {} events in {} ms", replayed,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
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

    /** The customers among {@code customers} whose key has been destroyed by an erasure. */
    private Set<UUID> erasedAmong(Collection<UUID> customers) {
        List<UUID> erased = new ArrayList<>();
        jdbc.query(ERASED, row -> {
            erased.add(UUID.fromString(row.getString(1)));
        }, (Object) customers.stream().map(UUID::toString).toArray(String[]::new));
        return new HashSet<>(erased);
    }
}
