package org.customervault.api.admin;

import static org.customervault.api.admin.AdminRequests.NO_BODY;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import org.customervault.api.idempotency.ReplayableAnswer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operations on the read models, for ADMIN. */
@Tag(name = "Administration")
@RestController
@RequestMapping(path = ProjectionAdminController.PROJECTIONS, produces = MediaType.APPLICATION_JSON_VALUE)
public class ProjectionAdminController {

    static final String PROJECTIONS = "/api/v1/admin/projections";
    private static final Duration REBUILD_WAIT = Duration.ofMinutes(5);

    private final ProjectionRebuild rebuild;
    private final ProjectionProgress progress;

    ProjectionAdminController(ProjectionRebuild rebuild, ProjectionProgress progress) {
        this.rebuild = rebuild;
        this.progress = progress;
    }

    @Operation(operationId = "getProjections", summary = "Where the read models stand",
            description = "Each read model's processor across every node: its position in the event store, whether it"
                    + " has caught up, and during a rebuild how much of its replay is done. Role: ADMIN.")
    @GetMapping
    public ProjectionsResponse projections() {
        return new ProjectionsResponse(progress.processors());
    }

    /** 200 when every replay has ended; 202 when it goes on in the background. */
    @Operation(operationId = "rebuildProjections", summary = "Rebuild the read models",
            description = "Empties the read models and replays the event store into them from the start; reads answer"
                    + " from what has been replayed so far. Waits up to five minutes; follow a longer replay with"
                    + " getProjections. Role: ADMIN.",
            requestBody = @RequestBody(required = false, description = NO_BODY, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object", maxProperties = 0))))
    @ReplayableAnswer
    @PostMapping("/rebuild")
    @ApiResponse(responseCode = "200", description = "Every read model's replay has ended")
    @ApiResponse(responseCode = "202", description = "The replay goes on in the background")
    @ApiResponse(responseCode = "409", description = "A rebuild is under way, or another node works on a read model's"
            + " segments; no read model was reset. Or the request with this Idempotency-Key is still running (Retry-After),"
            + " or its answer is not kept to be shown again")
    ResponseEntity<ProjectionsResponse> rebuild(Authentication caller) {
        List<ProcessorProgress> states = rebuild.rebuild(caller, REBUILD_WAIT);
        boolean done = states.stream().noneMatch(ProcessorProgress::replaying);
        return ResponseEntity.status(done ? HttpStatus.OK : HttpStatus.ACCEPTED).body(new ProjectionsResponse(states));
    }

    public record ProjectionsResponse(List<ProcessorProgress> processors) {
    }
}
