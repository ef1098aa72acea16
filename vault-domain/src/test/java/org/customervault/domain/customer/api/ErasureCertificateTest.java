package org.customervault.domain.customer.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.customervault.domain.customer.CustomerId;
import org.junit.jupiter.api.Test;

class ErasureCertificateTest {

    private static final CustomerId SUBJECT = CustomerId.of("0b7e3f5c-2d1a-4c8e-9f00-123456789abc");
    private final ErasureCertificate pending = new ErasureCertificate(SUBJECT, Instant.parse("2026-11-30T13:30:30.123456Z"),
            "compliance", null, List.of(), List.of(), List.of(), null);
    private final ErasureCertificate completed = pending.completedAt(Instant.parse("2026-11-30T13:30:31.654321Z"),
            List.of("key-1"), List.of("key-store", "customer-view"), List.of());

    @Test
    void hashesTheCompletedCertificateAsTheLedgerReadsItBack() {
        ErasureCertificate readBack = new ErasureCertificate(SUBJECT, completed.requestedAt(), "compliance",
                Instant.parse("2026-11-30T13:30:31.654321Z"), List.of("key-1"), List.of("key-store", "customer-view"), List.of(), null);
        ErasureCertificate withNanoseconds = pending.completedAt(Instant.parse("2026-11-30T13:30:31.654321999Z"),
                List.of("key-1"), List.of("key-store", "customer-view"), List.of());

        assertThat(completed.sha256()).matches("sha256:[0-9a-f]{64}")
                .isEqualTo(readBack.sha256())
                .as("to the microsecond, as PostgreSQL keeps it").isEqualTo(withNanoseconds.sha256());
    }

    @Test
    void everyFieldCountsAndNoneCanPassForAnother() {
        ErasureCertificate otherRequester = new ErasureCertificate(SUBJECT, pending.requestedAt(), "someone-else",
                completed.erasedAt(), completed.keyIds(), completed.purged(), List.of(), null);
        ErasureCertificate keyMovedToPurged = pending.completedAt(completed.erasedAt(), List.of(),
                List.of("key-1", "key-store", "customer-view"), List.of());

        assertThat(completed.sha256()).isNotEqualTo(pending.sha256())
                .isNotEqualTo(otherRequester.sha256())
                .isNotEqualTo(keyMovedToPurged.sha256());
    }

    @Test
    void whatEachNodeDidIsSignedWithIt() {
        NodeEviction evicted = new NodeEviction("node-a", NodeEviction.Outcome.EVICTED, Instant.parse("2026-11-30T13:30:31Z"));
        ErasureCertificate measured = pending.completedAt(completed.erasedAt(), completed.keyIds(), completed.purged(),
                List.of(evicted, new NodeEviction("node-b", NodeEviction.Outcome.FENCED, Instant.parse("2026-11-30T13:30:33Z"))));
        ErasureCertificate bothEvicted = pending.completedAt(completed.erasedAt(), completed.keyIds(), completed.purged(),
                List.of(evicted, new NodeEviction("node-b", NodeEviction.Outcome.EVICTED, Instant.parse("2026-11-30T13:30:33Z"))));

        // one line, no spaces: the backslashes at the line ends only join the lines
        assertThat(new String(measured.canonicalForm(), StandardCharsets.UTF_8)).endsWith("""
                ,"nodes":[{"node":"node-a","keyCache":"evicted","at":"2026-11-30T13:30:31.000000Z"},\
                {"node":"node-b","keyCache":"fenced","at":"2026-11-30T13:30:33.000000Z"}]}""");
        assertThat(measured.sha256()).isNotEqualTo(bothEvicted.sha256()).isNotEqualTo(completed.sha256());
    }

    /** The exact bytes a signature covers and the fence file's hash is taken of: changing them breaks every certificate. */
    @Test
    void theCanonicalFormIsFixedToTheByte() {
        ErasureCertificate unusual = new ErasureCertificate(SUBJECT, Instant.parse("2026-11-30T13:30:30Z"), null,
                Instant.parse("2026-11-30T13:30:31.5Z"), List.of(), List.of("key-store", "a \"quoted\" / sláshed store"),
                List.of(), "ignored.signature.part");

        // one line, no spaces: the backslashes at the line ends only join the lines
        assertThat(new String(unusual.canonicalForm(), StandardCharsets.UTF_8)).isEqualTo("""
                {"subjectId":"0b7e3f5c-2d1a-4c8e-9f00-123456789abc","requestedAt":"2026-11-30T13:30:30.000000Z",\
                "requestedBy":null,"erasedAt":"2026-11-30T13:30:31.500000Z","keyIds":[],\
                "purged":["key-store","a \\"quoted\\" / sláshed store"]}""");
    }
}
