package org.customervault.infra.integrity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;

/**
 * SHA-256 over fields written so that no two different sequences of fields give the same bytes:
 * each field is its length (4 bytes, big-endian; -1 for SQL NULL) followed by its bytes. Numbers are
 * 8 bytes big-endian, times microseconds since the epoch (what PostgreSQL keeps), dates days since
 * the epoch (a number), text UTF-8, and an array its element count followed by each element as a field.
 */
final class HashInput {

    private static final int NULL = -1;

    private final MessageDigest digest;

    HashInput(String domain) {
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        text(domain);
    }

    HashInput bytes(byte[] value) {
        if (value == null) {
            return length(NULL);
        }
        length(value.length);
        digest.update(value);
        return this;
    }

    HashInput text(String value) {
        return bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    HashInput number(Long value) {
        return bytes(value == null ? null : ByteBuffer.allocate(Long.BYTES).putLong(value).array());
    }

    HashInput time(Timestamp value) {
        if (value == null) {
            return bytes(null);
        }
        Instant instant = value.toInstant();
        return number(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L));
    }

    /** A calendar date, whatever the JVM's or the session's time zone: days since 1970-01-01. */
    HashInput date(LocalDate value) {
        return number(value == null ? null : value.toEpochDay());
    }

    HashInput texts(String[] values) {
        if (values == null) {
            return length(NULL);
        }
        length(values.length);
        for (String value : values) {
            text(value);
        }
        return this;
    }

    byte[] hash() {
        return digest.digest();
    }

    private HashInput length(int length) {
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(length).array());
        return this;
    }
}
