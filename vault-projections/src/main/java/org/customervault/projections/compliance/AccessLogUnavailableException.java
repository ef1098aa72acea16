package org.customervault.projections.compliance;

/** A read's access-log entries could not be made durable, so the read is refused: no unrecorded read. */
public class AccessLogUnavailableException extends RuntimeException {

    public AccessLogUnavailableException(String message) {
        super(message);
    }
}
