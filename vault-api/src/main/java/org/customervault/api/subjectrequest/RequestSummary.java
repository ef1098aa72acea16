package org.customervault.api.subjectrequest;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.customervault.api.subjectrequest.SubjectRequests.StoredRequest;
import org.customervault.domain.customer.Channel;

/** A request without its personal values: what lists and steps answer. */
@Schema(name = "SubjectRequestSummary")
public record RequestSummary(@Schema(requiredMode = REQUIRED, format = "uuid") UUID id,
                      @Schema(format = "uuid") UUID subjectId,
                      @Schema(requiredMode = REQUIRED, allowableValues = {"access", "rectification", "erasure",
                              "restriction", "objection", "portability", "consent-withdrawal"}) String kind,
                      @Schema(requiredMode = REQUIRED, example = "CO") String jurisdiction,
                      @Schema(requiredMode = REQUIRED) Channel channel,
                      @Schema(requiredMode = REQUIRED) RequestStatus status,
                      @Schema(requiredMode = REQUIRED, description = "The article the due date comes from")
                      String legalSource,
                      @Schema(requiredMode = REQUIRED) Instant receivedAt,
                      @Schema(requiredMode = REQUIRED, description = "In the jurisdiction's calendar")
                      LocalDate receivedOn,
                      @Schema(requiredMode = REQUIRED, description = "The last day to answer, in the "
                              + "jurisdiction's calendar") LocalDate dueOn,
                      @Schema(requiredMode = REQUIRED, description = "The count ran through a year whose public "
                              + "holidays the vault has no table of yet, so only weekends were skipped there: dueOn "
                              + "is never later than the law's date, possibly earlier") boolean dueOnProvisional,
                      @Schema(requiredMode = REQUIRED) boolean extended,
                      @Schema(requiredMode = REQUIRED, description = "Open and past dueOn") boolean overdue) {

    static RequestSummary of(StoredRequest stored) {
        return new RequestSummary(stored.id(), stored.subjectId(), stored.kind().value(), stored.jurisdiction(),
                stored.channel(), stored.status(), stored.legalSource(), stored.receivedAt(), stored.receivedOn(),
                stored.dueOn(), stored.dueOnProvisional(), stored.extended(), stored.overdue());
    }
}
