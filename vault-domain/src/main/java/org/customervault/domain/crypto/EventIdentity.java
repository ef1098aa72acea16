package org.customervault.domain.crypto;

/**
 * Which stored event a payload is written or read for: the event's own identifier and the aggregate
 * it belongs to. Taken from the event store's columns, never from the payload, so a payload cannot
 * vouch for itself.
 *
 * @param aggregateIdentifier {@code null} for an event that belongs to no aggregate
 */
public record EventIdentity(String eventIdentifier, String aggregateIdentifier) {
}
