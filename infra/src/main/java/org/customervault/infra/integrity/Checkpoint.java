package org.customervault.infra.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.customervault.domain.crypto.CompactJws;
import org.customervault.domain.crypto.SigningKey;

/**
 * A signed statement of where each chain stood: for every log its last position, the link there
 * and its watermark (every row placed at or below it was linked). The link at a position commits
 * to every row chained before it, so one checkpoint vouches for the whole chain up to it.
 *
 * <p>Signed as a compact JWS of type {@value #SIGNED_TYPE} over this form, UTF-8 JSON without
 * whitespace: {@code {"sequence":n,"signedAt":"...","logs":{"events":{"position":p,"link":"<base64url>","through":t},
 * "accessLog":{...},"erasureLedger":{...},"requestSteps":{...}}}}.
 *
 * <p>A log added after a checkpoint was signed is missing from it: that checkpoint vouched for no
 * row of it, so the log's head there is the empty one (position 0), and the checkpoint still verifies.
 */
public record Checkpoint(long sequence, Instant signedAt, Map<ChainedLog, Head> heads, String jws) {

    public static final String SIGNED_TYPE = "integrity-checkpoint+json";

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A chain's end: its last position (0 when empty), the link there (empty when empty) and its watermark. */
    public record Head(long position, byte[] link, long through) {

        static final Head EMPTY = new Head(0, new byte[0], 0);
    }

    public Checkpoint {
        heads = Map.copyOf(heads);
    }

    public Head head(ChainedLog log) {
        return heads.getOrDefault(log, Head.EMPTY);
    }

    static Checkpoint signed(SigningKey key, long sequence, Instant signedAt, Map<ChainedLog, Head> heads) {
        ObjectNode form = JSON.createObjectNode().put("sequence", sequence).put("signedAt", INSTANT.format(signedAt));
        ObjectNode logs = form.putObject("logs");
        for (ChainedLog log : ChainedLog.values()) {
            Head head = heads.getOrDefault(log, Head.EMPTY);
            logs.putObject(log.label()).put("position", head.position())
                    .put("link", Base64.getUrlEncoder().withoutPadding().encodeToString(head.link()))
                    .put("through", head.through());
        }
        String jws = CompactJws.sign(key, SIGNED_TYPE, form.toString().getBytes(StandardCharsets.UTF_8));
        return new Checkpoint(sequence, signedAt, heads, jws);
    }

    /** The checkpoint this JWS carries, if this public key signed it as a checkpoint; empty otherwise. */
    public static Optional<Checkpoint> verified(PublicKey key, String jws) {
        return CompactJws.verifiedPayload(key, SIGNED_TYPE, jws.strip()).map(payload -> parse(payload, jws.strip()));
    }

    private static Checkpoint parse(byte[] payload, String jws) {
        try {
            JsonNode form = JSON.readTree(payload);
            Map<ChainedLog, Head> heads = new EnumMap<>(ChainedLog.class);
            for (ChainedLog log : ChainedLog.values()) {
                JsonNode head = form.path("logs").path(log.label());
                if (head.isMissingNode()) {
                    // signed before this log was chained: it stood empty then
                    heads.put(log, Head.EMPTY);
                    continue;
                }
                heads.put(log, new Head(head.path("position").asLong(),
                        Base64.getUrlDecoder().decode(head.path("link").asText()), head.path("through").asLong()));
            }
            return new Checkpoint(form.path("sequence").asLong(), Instant.parse(form.path("signedAt").asText()), heads, jws);
        } catch (IOException | RuntimeException e) {
            // signed by the key, so written by the vault: a form it cannot read is a bug, not tampering
            throw new IllegalStateException("a signed checkpoint that does not read as one", e);
        }
    }
}
