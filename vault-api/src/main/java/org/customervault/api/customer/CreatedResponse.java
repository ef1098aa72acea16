package org.customervault.api.customer;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to a POST that created something: its id. */
@Schema(name = "CreatedResponse")
public record CreatedResponse(@Schema(requiredMode = REQUIRED, format = "uuid") String id) {
}
