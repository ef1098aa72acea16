package org.customervault.api.erasure;

import java.time.Instant;
import java.util.List;
import org.customervault.domain.customer.api.ErasureCertificate;

/**
 * An erasure certificate as the API contract shapes it: {@code {subjectId, erasedAt, requestedBy,
 * keyId, purged}}, plus when it was requested, whether it is complete, what each live vault node did
 * of it ({@code nodes}: evicted the customer from its memory, or fenced itself), and its
 * {@code signature}: a compact JWS (EdDSA) by the deployment's signing key whose payload is the
 * certificate's canonical form (see docs/rights.md). Absent while pending and on certificates
 * completed before the vault signed them.
 */
public record CertificateResponse(String subjectId, Instant requestedAt, String requestedBy, Instant erasedAt,
                                  String keyId, List<String> purged, List<NodeResponse> nodes, String status,
                                  String signature) {

    /** {@code keyCache}: {@code evicted} (acknowledged at {@code at}) or {@code fenced} (its lease lapsed by {@code at}). */
    public record NodeResponse(String node, String keyCache, Instant at) {
    }

    static CertificateResponse of(ErasureCertificate certificate) {
        return new CertificateResponse(certificate.subjectId().value(), certificate.requestedAt(),
                certificate.requestedBy(), certificate.erasedAt(), String.join(",", certificate.keyIds()),
                certificate.purged(), certificate.nodes().stream()
                        .map(node -> new NodeResponse(node.node(), node.keyCache().label(), node.at())).toList(),
                certificate.completed() ? "COMPLETED" : "PENDING", certificate.signature());
    }
}
