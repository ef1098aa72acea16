package org.customervault.api.signing;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.customervault.domain.crypto.SigningKey;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public half of the deployment's signing key, for COMPLIANCE and ADMIN (under
 * {@code /api/v1/compliance/}), so that whoever receives a signed certificate can check it
 * offline. Publishing it gives nothing away; it is not open to everyone only because nothing else
 * in the API is.
 */
@Tag(name = "Compliance")
@RestController
class SigningKeyController {

    private final SigningKeyResponse published;

    SigningKeyController(SigningKey signingKey) {
        this.published = SigningKeyResponse.of(signingKey);
    }

    @Operation(operationId = "getSigningKey", summary = "Get the public key that signs certificates",
            description = "The Ed25519 public key (JWK) that signs erasure certificates and integrity checkpoints, to "
                    + "verify them offline. Roles: COMPLIANCE, ADMIN.")
    @GetMapping(path = "/api/v1/compliance/signing-key", produces = MediaType.APPLICATION_JSON_VALUE)
    SigningKeyResponse signingKey() {
        return published;
    }
}
