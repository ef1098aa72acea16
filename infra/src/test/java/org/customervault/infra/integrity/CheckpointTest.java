package org.customervault.infra.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import org.customervault.domain.crypto.CompactJws;
import org.customervault.domain.crypto.Ed25519SigningKey;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints read back as they were signed, also those signed before a log was chained: such a
 * checkpoint must still verify, and vouch for no row of the newer log.
 */
class CheckpointTest {

    private static final Ed25519SigningKey KEY = Ed25519SigningKey.generate();
    private static final byte[] LINK = {1, 2, 3, 4};

    @Test
    void everyLogsHeadReadsBackAsSigned() {
        Map<ChainedLog, Checkpoint.Head> heads = new EnumMap<>(ChainedLog.class);
        long position = 1;
        for (ChainedLog log : ChainedLog.values()) {
            heads.put(log, new Checkpoint.Head(position, LINK, position + 10));
            position++;
        }
        Checkpoint signed = Checkpoint.signed(KEY, 3, Instant.parse("2026-12-01T10:00:00Z"), heads);

        Checkpoint read = Checkpoint.verified(KEY.publicKey(), signed.jws()).orElseThrow();

        assertThat(read.sequence()).isEqualTo(3);
        for (ChainedLog log : ChainedLog.values()) {
            assertThat(read.head(log).position()).as(log.label()).isEqualTo(heads.get(log).position());
            assertThat(read.head(log).link()).as(log.label()).isEqualTo(LINK);
            assertThat(read.head(log).through()).as(log.label()).isEqualTo(heads.get(log).through());
        }
        assertThat(payload(signed.jws())).contains("\"requestSteps\":{\"position\":4,");
    }

    /** Exactly the form the vault signed while it chained three logs. */
    @Test
    void aCheckpointSignedBeforeTheRequestStepsWereChainedVerifiesWithTheirChainEmpty() {
        String link = Base64.getUrlEncoder().withoutPadding().encodeToString(LINK);
        String older = """
                {"sequence":7,"signedAt":"2026-11-30T09:00:00.000000Z","logs":{\
                "events":{"position":12,"link":"%1$s","through":12},\
                "accessLog":{"position":5,"link":"%1$s","through":5},\
                "erasureLedger":{"position":1,"link":"%1$s","through":1}}}""".formatted(link);
        String jws = CompactJws.sign(KEY, Checkpoint.SIGNED_TYPE, older.getBytes(StandardCharsets.UTF_8));

        Checkpoint read = Checkpoint.verified(KEY.publicKey(), jws).orElseThrow();

        assertThat(read.sequence()).isEqualTo(7);
        assertThat(read.head(ChainedLog.EVENTS).position()).isEqualTo(12);
        assertThat(read.head(ChainedLog.ERASURE_LEDGER).link()).isEqualTo(LINK);
        Checkpoint.Head steps = read.head(ChainedLog.REQUEST_STEPS);
        assertThat(steps.position()).as("no step was vouched for").isZero();
        assertThat(steps.link()).as("the empty chain's link").isEmpty();
        assertThat(steps.through()).isZero();
    }

    private static String payload(String jws) {
        return new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8);
    }
}
