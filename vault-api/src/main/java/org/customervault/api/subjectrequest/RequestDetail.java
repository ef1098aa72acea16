package org.customervault.api.subjectrequest;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.customervault.api.subjectrequest.SubjectRequestController.Evidence;
import org.customervault.api.subjectrequest.SubjectRequestController.Requester;
import org.customervault.api.subjectrequest.SubjectRequests.StoredRequest;

/** A request with its personal values opened and its history: what the read of one request answers. */
@Schema(name = "SubjectRequest")
public record RequestDetail(@Schema(requiredMode = REQUIRED) RequestSummary request,
                     @Schema(description = "\"erased\" in each field once the customer is erased, or once a request "
                             + "naming no customer was closed for longer than the vault keeps its requester")
                     Requester requester,
                     @Schema(description = "\"erased\" once the requester's key is destroyed (see requester)") String notes,
                     @Schema(requiredMode = REQUIRED) String receivedBy,
                     VerificationDetail verification,
                     String extensionReason,
                     Instant closedAt,
                     String closedBy,
                     String refusalReason,
                     Evidence evidence,
                     @Schema(requiredMode = REQUIRED) List<SubjectRequests.Step> history) {

    static RequestDetail of(StoredRequest stored, List<SubjectRequests.Step> history, SealedFields sealed) {
        SealedFields.Opened<Requester> requester = sealed.open(stored.keySubject(), stored.id(), "requester",
                stored.sealedRequester(), Requester.class);
        return new RequestDetail(RequestSummary.of(stored),
                requester.erased() ? new Requester(SealedFields.ERASED, SealedFields.ERASED) : requester.value(),
                text(sealed, stored, "notes", stored.sealedNotes()), stored.createdBy(),
                stored.verifiedAt() == null ? null
                        : new VerificationDetail(stored.verifiedBy(), stored.verificationMethod(), stored.verifiedAt()),
                text(sealed, stored, "extension_reason", stored.sealedExtensionReason()), stored.closedAt(),
                stored.closedBy(), text(sealed, stored, "refusal_reason", stored.sealedRefusalReason()),
                stored.evidenceType() == null ? null : new Evidence(stored.evidenceType(), stored.evidenceReference()),
                history);
    }

    private static String text(SealedFields sealed, StoredRequest stored, String column, String value) {
        SealedFields.Opened<String> opened = sealed.open(stored.keySubject(), stored.id(), column, value, String.class);
        return opened.erased() ? SealedFields.ERASED : opened.value();
    }

    @Schema(name = "SubjectRequestVerificationRecord")
    public record VerificationDetail(@Schema(requiredMode = REQUIRED) String by,
                              @Schema(requiredMode = REQUIRED) VerificationMethod method,
                              @Schema(requiredMode = REQUIRED) Instant at) {
    }
}
