package org.customervault.api.deadletter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.customervault.domain.customer.CustomerId;
import org.customervault.projections.customer.CustomerViewProjection;
import org.customervault.projections.timeline.CustomerTimelineProjection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read models' parked events: counted, listed, retried, and dropped with a customer who is
 * erased. A parked event holds the same customer's later events behind it, in order, while other
 * customers' events go on; retrying a customer's sequence handles them all in order.
 */
public class DeadLetters {

    static final List<String> READ_MODELS = List.of(CustomerViewProjection.PROCESSING_GROUP,
            CustomerTimelineProjection.PROCESSING_GROUP);
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private static final String PURGE = """
            DELETE FROM deadletterentry WHERE processinggroup = ANY(?) AND sequenceidentifier = ?
            """;

    /**
     * An erasure's own events may reach a read model while the customer's sequence still holds the
     * letter the erasure is about to purge, and be parked behind it after the purge: swept later.
     */
    private static final String PURGE_ERASED = """
            DELETE FROM deadletterentry letter
            WHERE letter.processinggroup = ANY(?)
              AND EXISTS (SELECT 1 FROM erasure_ledger erased
                          WHERE erased.status = 'COMPLETED' AND erased.subject_id::TEXT = letter.sequenceidentifier)
            """;

    private final Configuration axon;
    private final JdbcTemplate jdbc;

    DeadLetters(Configuration axon, JdbcTemplate jdbc) {
        this.axon = axon;
        this.jdbc = jdbc;
    }

    /** A parked event as an operator sees it: where and why, never what it says. */
    public record ParkedEvent(String processor, String customerId, String eventId, String eventType, long sequenceNumber,
                              Instant parkedAt, Instant lastTriedAt, String causeType, String cause, long retries) {
    }

    /** Parked events per read model. */
    public Map<String, Long> parked() {
        Map<String, Long> parked = new LinkedHashMap<>();
        READ_MODELS.forEach(processor -> parked.put(processor, queue(processor).size()));
        return parked;
    }

    /** Up to {@code limit} parked events, each customer's in the order they will be handled. */
    public List<ParkedEvent> list(int limit) {
        List<ParkedEvent> listed = new ArrayList<>();
        for (String processor : READ_MODELS) {
            Set<String> seen = new HashSet<>();
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue(processor).deadLetters()) {
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    // a sequence longer than the queue's page is listed with repeats; each event once
                    if (listed.size() >= limit) {
                        return listed;
                    }
                    if (seen.add(letter.message().getIdentifier())) {
                        listed.add(describe(processor, letter));
                    }
                }
            }
        }
        return listed;
    }

    /**
     * Tries every parked customer's sequence once, oldest attempt first, and answers whether any
     * was handled in full.
     */
    public boolean retryAll() {
        boolean handledAny = false;
        for (String processor : READ_MODELS) {
            var retrier = axon.eventProcessingConfiguration().sequencedDeadLetterProcessor(processor);
            if (retrier.isEmpty()) {
                continue;
            }
            long sequences = queue(processor).amountOfSequences();
            for (long i = 0; i < sequences && !Thread.currentThread().isInterrupted(); i++) {
                try {
                    handledAny |= retrier.get().processAny();
                } catch (RuntimeException failure) {
                    // the letter stays parked and is tried again in the next round
                    LOG.warn("{}: retrying a parked event failed: {}", processor, failure.getClass().getSimpleName());
                }
            }
        }
        return handledAny;
    }

    /** Drops an erased customer's parked events: handled now, they would only find erased fields. */
    public void purge(CustomerId customer) {
        jdbc.update(PURGE, READ_MODELS.toArray(String[]::new), customer.value());
    }

    /** Drops the parked events of every customer whose erasure completed, and answers how many. */
    public int purgeErased() {
        return jdbc.update(PURGE_ERASED, (Object) READ_MODELS.toArray(String[]::new));
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String processor) {
        return axon.eventProcessingConfiguration().deadLetterQueue(processor)
                .orElseThrow(() -> new IllegalStateException(processor + " has no dead-letter queue"));
    }

    private static ParkedEvent describe(String processor, DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        DomainEventMessage<?> domain = event instanceof DomainEventMessage<?> d ? d : null;
        return new ParkedEvent(processor, domain == null ? null : domain.getAggregateIdentifier(), event.getIdentifier(),
                event.getPayloadType().getSimpleName(), domain == null ? -1 : domain.getSequenceNumber(),
                letter.enqueuedAt(), letter.lastTouched(), letter.cause().map(Cause::type).orElse(null),
                letter.cause().map(Cause::message).orElse(null), ParkingPolicy.retries(letter.diagnostics()));
    }
}
