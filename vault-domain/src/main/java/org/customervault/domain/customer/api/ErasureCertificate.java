package org.customervault.domain.customer.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import org.customervault.domain.customer.CustomerId;

/**
 * The proof of an erasure: whose, when, at whose request, which keys were destroyed, which stores
 * were purged, and what became of the customer in each live vault node's memory ({@code nodes};
 * empty on certificates completed before the vault measured it). {@code erasedAt} is {@code null} while the erasure is still under way. {@code
 * signature} is a compact JWS whose payload is the {@link #canonicalForm() canonical form}, signed
 * by the deployment's signing key when the erasure completed; {@code null} while pending, and for
 * certificates completed before the vault signed them.
 */
public record ErasureCertificate(CustomerId subjectId, Instant requestedAt, String requestedBy, Instant erasedAt,
                                 List<String> keyIds, List<String> purged, List<NodeEviction> nodes,
                                 String signature) {

    /** The JWS {@code typ} of a signed certificate, so that nothing else the same key signs passes for one. */
    public static final String SIGNED_TYPE = "erasure-certificate+json";

    /** Always six fractional digits: the database keeps microseconds, so the signed form is the one read back. */
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean completed() {
        return erasedAt != null;
    }

    /** This pending certificate completed, not yet signed. */
    public ErasureCertificate completedAt(Instant erasedAt, List<String> keyIds, List<String> purged,
                                          List<NodeEviction> nodes) {
        return new ErasureCertificate(subjectId, requestedAt, requestedBy, erasedAt, List.copyOf(keyIds),
                List.copyOf(purged), List.copyOf(nodes), null);
    }

    /**
     * What the signature covers, as UTF-8 JSON without whitespace, in this order: {@code subjectId},
     * {@code requestedAt}, {@code requestedBy}, {@code erasedAt} (instants in UTC, ISO-8601 with
     * six fractional digits), {@code keyIds}, {@code purged} (lists in their order), and, when any
     * were measured, {@code nodes}: objects of {@code node}, {@code keyCache} ({@code evicted} or
     * {@code fenced}) and {@code at}, in their order. The signature itself is not part of it.
     */
    public byte[] canonicalForm() {
        ObjectNode form = JSON.createObjectNode()
                .put("subjectId", subjectId.value())
                .put("requestedAt", INSTANT.format(requestedAt))
                .put("requestedBy", requestedBy)
                .put("erasedAt", erasedAt == null ? null : INSTANT.format(erasedAt));
        keyIds.forEach(form.putArray("keyIds")::add);
        purged.forEach(form.putArray("purged")::add);
        if (!nodes.isEmpty()) {
            ArrayNode measured = form.putArray("nodes");
            nodes.forEach(node -> measured.addObject().put("node", node.node()).put("keyCache", node.keyCache().label())
                    .put("at", INSTANT.format(node.at())));
        }
        try {
            return JSON.writeValueAsString(form).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code sha256:} and the hex SHA-256 of the {@link #canonicalForm() canonical form}: lets a copy
     * of the certificate (the erasure fence kept outside the database) be matched to it without that
     * copy holding who asked.
     */
    public String sha256() {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalForm()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
