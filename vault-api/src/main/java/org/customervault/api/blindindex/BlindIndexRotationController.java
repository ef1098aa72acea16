package org.customervault.api.blindindex;

import static org.customervault.api.admin.AdminRequests.NO_BODY;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.customervault.api.idempotency.ReplayableAnswer;
import org.customervault.api.problem.NotFoundException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Rotation of the blind-index key, for ADMIN (as everything under {@code /api/v1/admin}). */
@Tag(name = "Administration")
@RestController
@RequestMapping(path = BlindIndexRotationController.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
public class BlindIndexRotationController {

    static final String PATH = "/api/v1/admin/keys/blind-index";

    private final BlindIndexRotation rotation;
    private final BlindIndexRotations rotations;

    BlindIndexRotationController(BlindIndexRotation rotation, BlindIndexRotations rotations) {
        this.rotation = rotation;
        this.rotations = rotations;
    }

    /**
     * Starts a rotation: a new key makes every search token again, online, then the old key is
     * destroyed. While one runs, asking again answers that one. Like every POST it needs
     * {@code Content-Type: application/json}, so that no cross-site form can fire it.
     */
    @Operation(operationId = "rotateBlindIndexKey", summary = "Rotate the search-token key",
            description = "A new key makes every search token again, online, then the old key is destroyed. While one runs,"
                    + " asking again answers that one. Role: ADMIN.",
            requestBody = @RequestBody(required = false,
            description = NO_BODY,
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(type = "object", maxProperties = 0))))
    @ApiResponse(responseCode = "202", description = "The rotation started, or the one already running; Location follows it")
    @ReplayableAnswer
    @PostMapping("/rotate")
    public ResponseEntity<RotationResponse> rotate(Authentication caller) {
        Rotation started = rotation.start(caller.getName());
        return ResponseEntity.accepted().location(URI.create(PATH + "/rotations/" + started.id()))
                .body(RotationResponse.of(started));
    }

    @Operation(operationId = "getBlindIndexRotation", summary = "Follow a search-token key rotation",
            description = "Its state and progress. Role: ADMIN.")
    @GetMapping("/rotations/{id}")
    public RotationResponse rotation(@PathVariable UUID id) {
        return rotations.find(id).map(RotationResponse::of).orElseThrow(() -> new NotFoundException("rotation"));
    }

    /**
     * A rotation as ADMIN sees it: key versions are numbers, never key material. {@code customersTotal}
     * is the count when it started; customers registered since are re-indexed too.
     * {@code oldKeyAwaitsMasterKeyRotation}: completed, the old key retired from search, but not destroyed,
     * because the master key it is derived from is still in the key file (a local key file that began as
     * one bare line); a master-key rotation ({@code POST /api/v1/admin/keys/rotation}) lets it be destroyed,
     * and {@code oldKeyDestroyedAt} is set then.
     */
    public record RotationResponse(UUID id, Rotation.State state, int oldKeyVersion, int newKeyVersion, String requestedBy,
                            Instant startedAt, long customersTotal, long customersReindexed, Instant completedAt,
                            Instant oldKeyDestroyedAt, boolean oldKeyAwaitsMasterKeyRotation) {

        static RotationResponse of(Rotation rotation) {
            return new RotationResponse(rotation.id(), rotation.state(), rotation.fromVersion(), rotation.toVersion(),
                    rotation.requestedBy(), rotation.startedAt(), rotation.customersTotal(), rotation.customersReindexed(),
                    rotation.completedAt(), rotation.oldKeyDestroyedAt(),
                    rotation.state() == Rotation.State.COMPLETED && rotation.oldKeyDestroyedAt() == null);
        }
    }
}
