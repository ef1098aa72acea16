package org.customervault.infra.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.customervault.domain.customer.api.CustomerErasedEvent;

/**
 * Publishes every stored event to a Kafka topic as it is stored: key = the customer's id (so the
 * events of one customer keep their order in one partition), value = the event's serialized form
 * with every personal field still encrypted under that customer's key, headers naming the event.
 *
 * <p>It runs in a tracking processor of its own, and a batch of events commits (so the processor's
 * token advances) only after the broker acknowledged every record of it. With Kafka down the batch
 * fails, the processor retries with backoff, and catches up when the broker is back: nothing is
 * lost, and commands are not held up. Delivery is at least once: a retried batch sends again what
 * was already acknowledged, so consumers de-duplicate by the {@code event-id} header.
 *
 * <p>The customer's erasure event doubles as the erasure notice ({@code vault-notice: erasure}): it
 * carries no personal data and tells consumers to drop what they derived from that customer.
 *
 * <p>Each record of a customer says what the customer allows as of that record ({@link PublicationMarks}):
 * {@code allowed-purposes}, the purposes consented to and not objected to, comma-separated and sorted (empty for
 * none), and {@code processing-restricted}, {@code true} while processing is restricted (GDPR Art. 18), when a
 * consumer is to keep what it holds and do nothing else with it. Neither is personal. Both are read from the stored
 * payload as it is, like the record's value: the payload is never deserialized here, so no personal field is
 * decrypted and the key store is not needed to publish (a customer whose key is unavailable is published all the same).
 */
@ProcessingGroup(KafkaEventPublication.PROCESSING_GROUP)
public final class KafkaEventPublication implements AutoCloseable {

    public static final String PROCESSING_GROUP = "kafka-publication";
    public static final String EVENT_ID = "event-id";
    public static final String EVENT_TYPE = "event-type";
    public static final String EVENT_REVISION = "event-revision";
    public static final String EVENT_TIME = "event-time";
    public static final String SEQUENCE = "aggregate-sequence";
    public static final String NOTICE = "vault-notice";
    public static final String ERASURE_NOTICE = "erasure";
    public static final String ALLOWED_PURPOSES = "allowed-purposes";
    public static final String PROCESSING_RESTRICTED = "processing-restricted";
    private static final String CUSTOMER_AGGREGATE = "Customer";

    private static final String SENT = KafkaEventPublication.class.getName() + ".sent";

    private final Producer<String, byte[]> producer;
    private final Serializer eventSerializer;
    private final String topic;
    private final Duration acknowledgementTimeout;
    private final PublicationMarks marks;

    /**
     * @param eventSerializer the serializer the event store wrote with: the stored bytes are
     *                        published as they are, never decrypted on the way
     */
    public KafkaEventPublication(Producer<String, byte[]> producer, Serializer eventSerializer, String topic,
                                 Duration acknowledgementTimeout, PublicationMarks marks) {
        this.marks = marks;
        this.producer = producer;
        this.eventSerializer = eventSerializer;
        this.topic = topic;
        this.acknowledgementTimeout = acknowledgementTimeout;
    }

    @EventHandler(payloadType = Object.class)
    void publish(EventMessage<?> event) {
        SerializedObject<byte[]> payload = event.serializePayload(eventSerializer, byte[].class);
        String key = event instanceof DomainEventMessage<?> domainEvent
                ? domainEvent.getAggregateIdentifier() : event.getIdentifier();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, payload.getData());
        Headers headers = record.headers();
        header(headers, EVENT_ID, event.getIdentifier());
        header(headers, EVENT_TYPE, payload.getType().getName());
        if (payload.getType().getRevision() != null) {
            header(headers, EVENT_REVISION, payload.getType().getRevision());
        }
        header(headers, EVENT_TIME, event.getTimestamp().toString());
        if (event instanceof DomainEventMessage<?> domainEvent) {
            header(headers, SEQUENCE, String.valueOf(domainEvent.getSequenceNumber()));
            if (CUSTOMER_AGGREGATE.equals(domainEvent.getType())) {
                CustomerMarks customer = marks.after(domainEvent.getAggregateIdentifier(),
                        domainEvent.getSequenceNumber(), payload.getType().getName(), payload.getData());
                header(headers, ALLOWED_PURPOSES, String.join(",", customer.allowedPurposes()));
                header(headers, PROCESSING_RESTRICTED, String.valueOf(customer.restricted()));
            }
        }
        if (CustomerErasedEvent.class.getName().equals(payload.getType().getName())) {
            header(headers, NOTICE, ERASURE_NOTICE);
        }
        List<Future<RecordMetadata>> sent = sentInThisBatch();
        sent.add(producer.send(record));
        stopIfRefused(sent);
    }

    /**
     * A record the producer refused outright (no metadata within {@code max.block.ms}, while the broker is away) was
     * never queued, while the records after it would be if the broker came back meanwhile: they would reach the topic
     * before it, and the retried batch would put it after them. So the batch stops at the first refusal.
     */
    private static void stopIfRefused(List<Future<RecordMetadata>> sent) {
        for (Future<RecordMetadata> record : sent) {
            if (record.isDone()) {
                try {
                    record.get();
                } catch (ExecutionException e) {
                    throw new KafkaPublicationException("Kafka refused a record: " + e.getCause().getClass().getSimpleName(),
                            e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KafkaPublicationException("interrupted while sending to Kafka", e);
                }
            }
        }
    }

    /**
     * The token went back to the start (an operator's {@code resetTokens}): the records sent again must carry the marks
     * as of each of them, not as of the last record sent, so the marks start again from nothing.
     */
    @ResetHandler
    void startMarksAgain() {
        marks.forgetAll();
    }

    @Override
    public void close() {
        producer.close(acknowledgementTimeout);
    }

    /** The sends of the processor's current batch, which must all be acknowledged before it commits. */
    private List<Future<RecordMetadata>> sentInThisBatch() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(SENT, name -> {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> awaitAcknowledgements(sent));
            return sent;
        });
    }

    private void awaitAcknowledgements(List<Future<RecordMetadata>> sent) {
        long deadline = System.nanoTime() + acknowledgementTimeout.toNanos();
        try {
            for (Future<RecordMetadata> acknowledgement : sent) {
                acknowledgement.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new KafkaPublicationException("Kafka refused a record: " + e.getCause().getClass().getSimpleName(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaPublicationException("Kafka did not acknowledge the batch within " + acknowledgementTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaPublicationException("interrupted while waiting for Kafka", e);
        }
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
