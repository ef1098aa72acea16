package org.customervault.domain.customer.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import org.customervault.domain.customer.CustomerId;

/**
 * The proof of an erasure: whose, when, at whose request, which keys were destroyed and which stores
 * were purged. {@code erasedAt} is {@code null} while the erasure is still under way.
 */
public record ErasureCertificate(CustomerId subjectId, Instant requestedAt, String requestedBy, Instant erasedAt,
                                 List<String> keyIds, List<String> purged) {

    private static final String CANONICAL_VERSION = "erasure-certificate/v1";

    public boolean completed() {
        return erasedAt != null;
    }

    /** This certificate as it reads once the erasure is done. */
    public ErasureCertificate completedAt(Instant erased, List<String> destroyedKeyIds, List<String> purgedStores) {
        return new ErasureCertificate(subjectId, requestedAt, requestedBy, erased, destroyedKeyIds, purgedStores);
    }

    /**
     * {@code sha256:} and the hex SHA-256 of the canonical form: lets a copy of the certificate be
     * matched to the fence kept outside the database without that copy holding who asked. The
     * canonical form is UTF-8, one {@code name=length:value} line per field in the order below, each
     * length the value's count of UTF-8 bytes (so no value can pass for another field), instants in
     * ISO-8601 UTC to the microsecond (as PostgreSQL keeps them, so the certificate read back from the
     * ledger hashes alike), lists joined by commas, a missing value empty:
     * <pre>
     * erasure-certificate/v1
     * subject=36:&lt;uuid&gt;
     * requested-at=27:2026-11-30T13:30:30.123456Z
     * requested-by=..
     * erased-at=..
     * key-ids=..
     * purged=..
     * </pre>
     */
    public String sha256() {
        StringBuilder canonical = new StringBuilder(CANONICAL_VERSION).append('\n');
        field(canonical, "subject", subjectId.value());
        field(canonical, "requested-at", instant(requestedAt));
        field(canonical, "requested-by", requestedBy == null ? "" : requestedBy);
        field(canonical, "erased-at", instant(erasedAt));
        field(canonical, "key-ids", String.join(",", keyIds));
        field(canonical, "purged", String.join(",", purged));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void field(StringBuilder canonical, String name, String value) {
        canonical.append(name).append('=').append(value.getBytes(StandardCharsets.UTF_8).length).append(':')
                .append(value).append('\n');
    }

    private static String instant(Instant instant) {
        return instant == null ? "" : instant.truncatedTo(ChronoUnit.MICROS).toString();
    }
}
