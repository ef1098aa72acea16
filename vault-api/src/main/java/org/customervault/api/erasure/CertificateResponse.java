package org.customervault.api.erasure;

import java.time.Instant;
import java.util.List;
import org.customervault.domain.customer.api.ErasureCertificate;

/**
 * An erasure certificate as the API contract shapes it: {@code {subjectId, erasedAt, requestedBy,
 * keyId, purged}}, plus when it was requested and whether it is complete.
 */
public record CertificateResponse(String subjectId, Instant requestedAt, String requestedBy, Instant erasedAt,
                                  String keyId, List<String> purged, String status) {

    static CertificateResponse of(ErasureCertificate certificate) {
        return new CertificateResponse(certificate.subjectId().value(), certificate.requestedAt(),
                certificate.requestedBy(), certificate.erasedAt(), String.join(",", certificate.keyIds()),
                certificate.purged(), certificate.completed() ? "COMPLETED" : "PENDING");
    }
}
