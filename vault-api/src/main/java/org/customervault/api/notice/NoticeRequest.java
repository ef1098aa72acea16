package org.customervault.api.notice;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code PUT /api/v1/compliance/notices/{version}}. */
@Schema(name = "NoticeRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record NoticeRequest(
        @Schema(requiredMode = REQUIRED, minLength = 1, maxLength = NoticeController.MAX_TEXT_LENGTH,
                pattern = NoticeController.TEXT, description = "The notice's text exactly as shown to customers; its "
                + "SHA-256 is taken over its UTF-8 bytes. No control characters but tab, line feed and carriage return",
                example = "We use your email address to send you offers. You may withdraw at any time.") String text,
        @Schema(pattern = NoticeController.LANGUAGE_TAG, example = "es-CO", description = "A BCP 47 language tag")
        String language) {
}
