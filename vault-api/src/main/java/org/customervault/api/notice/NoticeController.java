package org.customervault.api.notice;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.customervault.api.problem.ConflictException;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.api.problem.NotFoundException;
import org.customervault.domain.customer.InvalidCustomerDataException.Violation;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Privacy notices by version. A consent names the version it was given under and carries the SHA-256 of its text, so
 * that what the customer was shown can be proven later; hence a version, once registered, keeps its text. Notices are
 * addressed to everyone and hold nothing personal: they are neither encrypted nor recorded in the access log.
 */
@Tag(name = "Notices")
@RestController
@RequestMapping(path = "/api/v1/compliance/notices", produces = MediaType.APPLICATION_JSON_VALUE)
public class NoticeController {

    static final String VERSION = "^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$";
    static final String LANGUAGE_TAG = "^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$";
    static final String TEXT = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";
    /** Below the request body's limit, so that a notice too long is refused by its own rule first. */
    static final int MAX_TEXT_LENGTH = 60_000;
    private static final Pattern VERSION_RULE = Pattern.compile(VERSION);
    private static final Pattern LANGUAGE_RULE = Pattern.compile(LANGUAGE_TAG);
    private static final Pattern TEXT_RULE = Pattern.compile(TEXT);

    private final PrivacyNotices notices;

    NoticeController(PrivacyNotices notices) {
        this.notices = notices;
    }

    @Operation(operationId = "registerNotice", summary = "Register a version of the privacy notice",
            description = "Stores the text with its SHA-256. A version is written once: registering it again with the "
                    + "same text and language answers 200, with another text 409. Consents name a registered version "
                    + "and carry its SHA-256. Roles: COMPLIANCE, ADMIN.")
    @ApiResponse(responseCode = "201", description = "The version is registered")
    @ApiResponse(responseCode = "200", description = "The version was registered before with this very text")
    @PutMapping(path = "/{version}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<NoticeResponse> register(@Parameter(schema = @Schema(pattern = VERSION, example = "2026-01"))
                                            @PathVariable String version,
                                            @RequestBody NoticeRequest request) {
        checked(version, request);
        PrivacyNotices.Registration registration = notices.register(version, request.text(), request.language());
        if (registration == PrivacyNotices.Registration.CONFLICTS) {
            throw new ConflictException("This notice version is registered with another text; register the new text "
                    + "under a new version.");
        }
        NoticeResponse body = NoticeResponse.of(notices.find(version).orElseThrow());
        return registration == PrivacyNotices.Registration.REGISTERED
                ? ResponseEntity.created(URI.create("/api/v1/compliance/notices/" + version)).body(body)
                : ResponseEntity.ok(body);
    }

    @Operation(operationId = "getNotice", summary = "Read a version of the privacy notice",
            description = "The text as registered, with its SHA-256. Roles: COMPLIANCE, ADMIN.")
    @GetMapping("/{version}")
    public NoticeResponse get(@Parameter(schema = @Schema(pattern = VERSION, example = "2026-01")) @PathVariable String version) {
        if (!VERSION_RULE.matcher(version).matches()) {
            throw new NotFoundException("notice");
        }
        return NoticeResponse.of(notices.find(version).orElseThrow(() -> new NotFoundException("notice")));
    }

    private static void checked(String version, NoticeRequest request) {
        List<Violation> violations = new ArrayList<>();
        if (!VERSION_RULE.matcher(version).matches()) {
            violations.add(new Violation("version", "must be 1 to 32 letters, digits or . _ -"));
        }
        String text = request.text();
        if (text == null || text.isBlank()) {
            violations.add(new Violation("text", "is required and not blank"));
        } else if (text.length() > MAX_TEXT_LENGTH) {
            violations.add(new Violation("text", "must be at most " + MAX_TEXT_LENGTH + " characters"));
        } else if (!TEXT_RULE.matcher(text).matches()) {
            violations.add(new Violation("text", "must have no control characters but tab, line feed and carriage return"));
        }
        if (request.language() != null && !LANGUAGE_RULE.matcher(request.language()).matches()) {
            violations.add(new Violation("language", "must be a BCP 47 language tag"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
    }
}
