package org.customervault.api.retention;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.customervault.domain.customer.CustomerId;
import org.customervault.domain.customer.api.CustomerView;
import org.customervault.projections.customer.InactiveCustomers;
import org.customervault.projections.customer.InactiveCustomers.Standing;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the retention policies would erase now, and what the last runs did, for COMPLIANCE and ADMIN. */
@Tag(name = "Compliance")
@RestController
public class RetentionController {

    /** The ids listed per policy; the counts cover all. */
    static final int LISTED = RetentionRun.PER_RUN;
    private static final int RUNS_SHOWN = 20;

    private final RetentionSettings settings;
    private final InactiveCustomers inactive;
    private final RetentionRuns runs;

    RetentionController(RetentionSettings settings, InactiveCustomers inactive, RetentionRuns runs) {
        this.settings = settings;
        this.inactive = inactive;
        this.runs = runs;
    }

    @Schema(name = "RetentionPreview", description = "Customer ids, counts and runs only: no personal value")
    public record Preview(@Schema(requiredMode = REQUIRED) Instant asOf,
                   @Schema(requiredMode = REQUIRED, example = "PT24H",
                           description = "How often a run is due (ISO-8601 duration)") String runEvery,
                   @Schema(requiredMode = REQUIRED, description = "Empty when no policy is configured: nothing is erased"
                           + " by itself") List<PolicyPreview> policies,
                   @Schema(requiredMode = REQUIRED, description = "The latest runs, newest first, one entry per policy")
                   List<RunResponse> runs) {
    }

    @Schema(name = "RetentionPolicyPreview")
    public record PolicyPreview(@Schema(requiredMode = REQUIRED, example = "dormant") String name,
                         @Schema(requiredMode = REQUIRED, example = "P5Y",
                                 description = "An ISO-8601 period or duration") String inactiveFor,
                         @Schema(description = "Only customers of this status; absent for both") CustomerView.Status status,
                         @Schema(requiredMode = REQUIRED, description = "Customers whose last activity is before this"
                                 + " fall due") Instant inactiveBefore,
                         @Schema(requiredMode = REQUIRED, minimum = "0", description = "Due and not held: what a run"
                                 + " would erase now") long count,
                         @ArraySchema(arraySchema = @Schema(requiredMode = REQUIRED, description = "Their ids, the"
                                 + " longest inactive first, at most " + LISTED), schema = @Schema(format = "uuid"))
                         List<String> customerIds,
                         @Schema(requiredMode = REQUIRED, minimum = "0", description = "Due but under a legal hold:"
                                 + " kept") long heldCount,
                         @ArraySchema(arraySchema = @Schema(requiredMode = REQUIRED, description = "Their ids, at most "
                                 + LISTED), schema = @Schema(format = "uuid"))
                         List<String> heldCustomerIds,
                         @Schema(requiredMode = REQUIRED, minimum = "0", description = "Due, not held, but a data"
                                 + " subject's request about them is open: kept until it is answered or refused")
                         long openRequestCount,
                         @ArraySchema(arraySchema = @Schema(requiredMode = REQUIRED, description = "Their ids, at most "
                                 + LISTED), schema = @Schema(format = "uuid"))
                         List<String> openRequestCustomerIds,
                         @Schema(requiredMode = REQUIRED, minimum = "0", description = "Due, but their processing is"
                                 + " restricted (GDPR Art. 18(2)): kept, unless the policy is for RESTRICTED customers"
                                 + " alone") long restrictedCount,
                         @ArraySchema(arraySchema = @Schema(requiredMode = REQUIRED, description = "Their ids, at most "
                                 + LISTED), schema = @Schema(format = "uuid"))
                         List<String> restrictedCustomerIds) {
    }

    @Schema(name = "RetentionRun", description = "One policy's part of a scheduled run")
    public record RunResponse(@Schema(requiredMode = REQUIRED, example = "dormant") String policy,
                       @Schema(requiredMode = REQUIRED) Instant startedAt,
                       @Schema(description = "Absent while it runs, or when its node stopped in the middle") Instant finishedAt,
                       @Schema(requiredMode = REQUIRED, minimum = "0", description = "Customers found inactive, held ones"
                               + " and ones with an open request included") int due,
                       @Schema(requiredMode = REQUIRED, minimum = "0") int erased,
                       @Schema(requiredMode = REQUIRED, minimum = "0", description = "Kept for a legal hold") int held,
                       @Schema(requiredMode = REQUIRED, minimum = "0", description = "Kept for an open data subject's"
                               + " request") int openRequests,
                       @Schema(requiredMode = REQUIRED, minimum = "0", description = "Kept for their restriction")
                       int restricted,
                       @Schema(requiredMode = REQUIRED, minimum = "0", description = "Not erased for another reason (the"
                               + " read model had not shown the customer's latest events yet, the erasure failed or stays"
                               + " pending); the next run tries again") int failed) {

        static RunResponse of(RetentionRuns.Run run) {
            return new RunResponse(run.policy(), run.startedAt(), run.finishedAt(), run.due(), run.erased(), run.held(),
                    run.openRequests(), run.restricted(), run.failed());
        }
    }

    @Operation(operationId = "previewRetention", summary = "Preview what retention would erase now",
            description = "For each configured policy, the ids of the customers inactive for longer than it allows, who"
                    + " a run would erase now, and apart from them those a run keeps: under a legal hold, with a data"
                    + " subject's request about them still open, or restricted (unless the policy is for restricted"
                    + " customers alone); then the latest runs. Reads no personal value. Roles: COMPLIANCE, ADMIN.")
    @GetMapping(path = "/api/v1/compliance/retention", produces = MediaType.APPLICATION_JSON_VALUE)
    public Preview preview() {
        Instant now = Instant.now();
        List<PolicyPreview> policies = settings.policies().stream().map(policy -> {
            Instant before = policy.inactivity().before(now);
            Map<Standing, Long> counts = inactive.count(before, policy.statuses());
            return new PolicyPreview(policy.name(), policy.inactiveFor(), policy.status(), before,
                    counts.get(Standing.DUE), ids(before, policy, Standing.DUE), counts.get(Standing.HELD),
                    ids(before, policy, Standing.HELD), counts.get(Standing.OPEN_REQUEST),
                    ids(before, policy, Standing.OPEN_REQUEST), counts.get(Standing.RESTRICTED),
                    ids(before, policy, Standing.RESTRICTED));
        }).toList();
        return new Preview(now, settings.runEvery().toString(), policies,
                runs.latest(RUNS_SHOWN).stream().map(RunResponse::of).toList());
    }

    private List<String> ids(Instant before, RetentionSettings.Policy policy, Standing standing) {
        return inactive.since(before, policy.statuses(), standing, LISTED).stream()
                .map(customer -> customer.id().value()).toList();
    }
}
