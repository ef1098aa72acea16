package org.customervault.api.notice;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A registered privacy notice. */
@Schema(name = "PrivacyNotice")
public record NoticeResponse(
        @Schema(requiredMode = REQUIRED, pattern = NoticeController.VERSION, example = "2026-01") String version,
        @Schema(requiredMode = REQUIRED) String text,
        @Schema(pattern = NoticeController.LANGUAGE_TAG, example = "es-CO") String language,
        @Schema(requiredMode = REQUIRED, pattern = "^[0-9a-f]{64}$",
                example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                description = "The SHA-256 of the text's UTF-8 bytes, in hexadecimal; consents under this version carry it")
        String sha256,
        @Schema(requiredMode = REQUIRED) Instant registeredAt) {

    static NoticeResponse of(PrivacyNotices.Notice notice) {
        return new NoticeResponse(notice.version(), notice.text(), notice.language(), notice.sha256(),
                notice.registeredAt());
    }
}
