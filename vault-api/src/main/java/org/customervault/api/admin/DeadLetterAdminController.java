package org.customervault.api.admin;

import static org.customervault.api.admin.AdminRequests.NO_BODY;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
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
@RestController
@RequestMapping(path = "/api/v1/admin/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
class DeadLetterAdminController {

    static final int LISTED_AT_MOST = 500;

    private final DeadLetters deadLetters;

    DeadLetterAdminController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    DeadLettersResponse list() {
        return new DeadLettersResponse(deadLetters.parked(), deadLetters.list(LISTED_AT_MOST));
    }

    /** Tries every parked customer's events once, in order, and answers with what is still parked. */
    @Operation(requestBody = @RequestBody(required = false, description = NO_BODY, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object", maxProperties = 0))))
    @ReplayableAnswer
    @PostMapping("/retry")
    RetryResponse retry() {
        Map<String, Long> before = deadLetters.parked();
        deadLetters.retryAll();
        return new RetryResponse(before, deadLetters.parked());
    }

    /** {@code parked}: counts per read model; {@code events}: at most 500 of them. */
    record DeadLettersResponse(Map<String, Long> parked, List<DeadLetters.ParkedEvent> events) {
    }

    record RetryResponse(Map<String, Long> parkedBefore, Map<String, Long> parkedAfter) {
    }
}
