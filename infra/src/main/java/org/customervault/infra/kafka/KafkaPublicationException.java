package org.customervault.infra.kafka;

/** A batch of events could not be published; the processor keeps its token and tries the batch again. */
public class KafkaPublicationException extends RuntimeException {

    public KafkaPublicationException(String message, Throwable cause) {
        super(message, cause);
    }
}
