package org.customervault.domain.crypto;

import java.time.Instant;

/**
 * What a rotation did: which wrapping key is now in use (a public name, never the key) and how
 * many data keys were wrapped again under it (none where the store re-encrypts by itself).
 */
public record RotatedWrappingKey(String store, String wrappingKey, long rewrappedDataKeys, Instant rotatedAt) {
}
