package org.customervault.api.erasure;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
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
@Schema(name = "ErasureCertificate")
public record CertificateResponse(@Schema(requiredMode = REQUIRED, format = "uuid") String subjectId,
                                  @Schema(requiredMode = REQUIRED) Instant requestedAt,
                                  @Schema(requiredMode = REQUIRED, description = "The user who asked", example = "compliance")
                                  String requestedBy,
                                  @Schema(description = "Absent while the erasure is pending") Instant erasedAt,
                                  @Schema(description = """
                                          The destroyed data key (absent while none is destroyed yet); a customer whose key was rotated had several, and \
                                          they are listed here joined by commas (the CustomerErased event of the \
                                          history lists them one by one as keyIds)""", example = "subject-key-1")
                                  String keyId,
                                  @Schema(requiredMode = REQUIRED, description = "The stores the customer's data was purged from")
                                  List<String> purged,
                                  @Schema(requiredMode = REQUIRED) List<NodeResponse> nodes,
                                  @Schema(requiredMode = REQUIRED, allowableValues = {"COMPLETED", "PENDING"}) String status,
                                  @Schema(description = "A compact JWS (EdDSA); absent while pending and on certificates"
                                          + " completed before the vault signed them") String signature) {

    /** {@code keyCache}: {@code evicted} (acknowledged at {@code at}) or {@code fenced} (its lease lapsed by {@code at}). */
    @Schema(name = "ErasureCertificateNode")
    public record NodeResponse(@Schema(requiredMode = REQUIRED) String node,
                               @Schema(requiredMode = REQUIRED, allowableValues = {"evicted", "fenced"}) String keyCache,
                               @Schema(requiredMode = REQUIRED) Instant at) {
    }

    public static CertificateResponse of(ErasureCertificate certificate) {
        return new CertificateResponse(certificate.subjectId().value(), certificate.requestedAt(),
                certificate.requestedBy(), certificate.erasedAt(), String.join(",", certificate.keyIds()),
                certificate.purged(), certificate.nodes().stream()
                        .map(node -> new NodeResponse(node.node(), node.keyCache().label(), node.at())).toList(),
                certificate.completed() ? "COMPLETED" : "PENDING", certificate.signature());
    }
}
