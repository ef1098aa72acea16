package org.customervault.api.admin;

import static org.customervault.api.admin.AdminRequests.NO_BODY;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.customervault.api.deadletter.DeadLetters;
import org.customervault.api.idempotency.ReplayableAnswer;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The read models' parked events, for ADMIN: what is parked and why, and retrying them now. */
@Tag(name = "Administration")
@RestController
@RequestMapping(path = "/api/v1/admin/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
public class DeadLetterAdminController {

    static final int LISTED_AT_MOST = 500;

    private final DeadLetters deadLetters;

    DeadLetterAdminController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Operation(operationId = "listDeadLetters", summary = "List parked events",
            description = "Events a read model could not handle, parked in order per customer, with how many there are per "
                    + "processor. Role: ADMIN.")
    @GetMapping
    public DeadLettersResponse list() {
        return new DeadLettersResponse(deadLetters.parked(), deadLetters.list(LISTED_AT_MOST));
    }

    /** Tries every parked customer's events once, in order, and answers with what is still parked. */
    @Operation(operationId = "retryDeadLetters", summary = "Retry parked events",
            description = "Hands every parked event to its read model again, in order per customer; what fails again stays "
                    + "parked. Role: ADMIN.",
            requestBody = @RequestBody(required = false, description = NO_BODY, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object", maxProperties = 0))))
    @ReplayableAnswer
    @PostMapping("/retry")
    public RetryResponse retry() {
        Map<String, Long> before = deadLetters.parked();
        deadLetters.retryAll();
        return new RetryResponse(before, deadLetters.parked());
    }

    /** {@code parked}: counts per read model; {@code events}: at most 500 of them. */
    public record DeadLettersResponse(Map<String, Long> parked, List<DeadLetters.ParkedEvent> events) {
    }

    public record RetryResponse(Map<String, Long> parkedBefore, Map<String, Long> parkedAfter) {
    }
}
