package org.customervault.api.admin;

import static org.customervault.api.admin.AdminRequests.NO_BODY;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.customervault.api.idempotency.ReplayableAnswer;
import org.customervault.domain.crypto.RotatedWrappingKey;
import org.customervault.domain.crypto.WrappingKeyRotation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operations on the keys, for ADMIN. */
@Tag(name = "Administration")
@RestController
@RequestMapping(path = "/api/v1/admin/keys", produces = MediaType.APPLICATION_JSON_VALUE)
public class KeyAdminController {

    private static final Logger LOG = LoggerFactory.getLogger(KeyAdminController.class);

    private final WrappingKeyRotation rotation;

    KeyAdminController(WrappingKeyRotation rotation) {
        this.rotation = rotation;
    }

    /**
     * Rotates the key-encryption layer: the data keys and every event stay as they are, and stay
     * readable. Local store: a new master key wraps every data key again, and the old one is
     * dropped once no data key is wrapped by it. Vault/OpenBao: the server's barrier key is rotated.
     */
    @Operation(operationId = "rotateWrappingKey", summary = "Rotate the key-encryption key",
            description = "A new key wraps every customer's data key; the data keys and every event stay as they are, and "
                    + "readable. Role: ADMIN.",
            requestBody = @RequestBody(required = false, description = NO_BODY, content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object", maxProperties = 0))))
    @ReplayableAnswer
    @PostMapping("/rotation")
    public RotatedWrappingKey rotate(Authentication caller) {
        RotatedWrappingKey rotated = rotation.rotateWrappingKey();
        LOG.info("wrapping key rotated by {}: {} store, now {}, {} data keys re-wrapped", caller.getName(),
                rotated.store(), rotated.wrappingKey(), rotated.rewrappedDataKeys());
        return rotated;
    }
}
