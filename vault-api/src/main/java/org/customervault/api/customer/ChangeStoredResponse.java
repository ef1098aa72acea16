package org.customervault.api.customer;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** A change stored for a customer the read models do not show yet: read the customer again later. */
@Schema(name = "ChangeStoredResponse", description = "The change is stored; the read models, being rebuilt, have not "
        + "reached the customer yet: read the customer again later")
public record ChangeStoredResponse(@Schema(requiredMode = REQUIRED, format = "uuid") String id,
                                   @Schema(requiredMode = REQUIRED, minimum = "0",
                                           description = "The version the change left the customer at, as in the ETag")
                                   long version) implements ChangeAnswer {
}
