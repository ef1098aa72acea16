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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operations on the read models, for ADMIN. */
@Tag(name = "Administration")
@RestController
@RequestMapping(path = "/api/v1/admin/projections", produces = MediaType.APPLICATION_JSON_VALUE)
class ProjectionAdminController {

    private static final Duration REBUILD_WAIT = Duration.ofMinutes(5);

    private final ProjectionRebuild rebuild;

    ProjectionAdminController(ProjectionRebuild rebuild) {
        this.rebuild = rebuild;
    }

    /** 200 when every read model has caught up again; 202 when the replay goes on in the background. */
    @Operation(operationId = "rebuildProjections", summary = "Rebuild the read models",
            description = "Replays the event store into the read models from the start; reads answer from the old models "
                    + "meanwhile. Role: ADMIN.",
            requestBody = @RequestBody(required = false, description = NO_BODY, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object", maxProperties = 0))))
    @ReplayableAnswer
    @PostMapping("/rebuild")
    @ApiResponse(responseCode = "200", description = "Every read model has caught up again")
    @ApiResponse(responseCode = "202", description = "The replay goes on in the background")
    ResponseEntity<RebuildResponse> rebuild() {
        List<ProjectionRebuild.ProcessorState> states = rebuild.rebuild(REBUILD_WAIT);
        boolean done = states.stream().allMatch(ProjectionRebuild.ProcessorState::caughtUp);
        return ResponseEntity.status(done ? HttpStatus.OK : HttpStatus.ACCEPTED).body(new RebuildResponse(states));
    }

    record RebuildResponse(List<ProjectionRebuild.ProcessorState> processors) {
    }
}
