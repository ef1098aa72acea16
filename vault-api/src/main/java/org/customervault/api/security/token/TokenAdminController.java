package org.customervault.api.security.token;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.customervault.api.problem.ConflictException;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.api.problem.NotFoundException;
import org.customervault.api.security.Role;
import org.customervault.api.security.RoleNames;
import org.customervault.domain.customer.InvalidCustomerDataException.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bearer API tokens, for ADMIN: issued with the roles they carry, listed without their secrets,
 * revoked at once on every node. The secret is in the answer to the issue only.
 */
@Tag(name = "Administration")
@RestController
@RequestMapping(path = "/api/v1/admin/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
public class TokenAdminController {

    private static final Logger LOG = LoggerFactory.getLogger(TokenAdminController.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final ApiTokens tokens;

    TokenAdminController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    /** 201 with the token's secret, shown this once; 409 if the name was ever used. */
    @Operation(operationId = "issueApiToken", summary = "Issue an API token",
            description = "A bearer token for a front-end or a service, with the roles given and an optional expiry. The "
                    + "token is in this answer only: the vault keeps its hash alone. Role: ADMIN.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<IssuedToken> issue(@RequestBody IssueTokenRequest request, Authentication caller) {
        List<Violation> violations = new ArrayList<>();
        if (request.name() == null || !NAME.matcher(request.name()).matches()) {
            violations.add(new Violation("name", "is required: 1 to 64 letters, digits, '.', '_' or '-'"));
        }
        List<Role> roles = RoleNames.parse("roles", request.roles(), violations);
        if (request.expiresAt() != null && !request.expiresAt().isAfter(Instant.now())) {
            violations.add(new Violation("expiresAt", "must be in the future"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        String secret = TokenSecrets.generate();
        ApiTokens.StoredToken stored = tokens.insert(UUID.randomUUID(), request.name(), TokenSecrets.hash(secret), roles,
                request.expiresAt(), caller.getName()).orElseThrow(() -> new ConflictException(
                        "A token with this name exists or existed; token names are never reused."));
        LOG.info("API token {} ({}) issued by {} with roles {}", stored.name(), stored.id(), caller.getName(), roles);
        return ResponseEntity.created(URI.create("/api/v1/admin/tokens/" + stored.id()))
                .cacheControl(CacheControl.noStore())
                .body(new IssuedToken(stored.id(), secret, stored.name(), stored.roles(), stored.createdAt(),
                        stored.expiresAt()));
    }

    /** Every token ever issued, revoked ones with {@code revokedAt} and {@code revokedBy}; never a secret. */
    @Operation(operationId = "listApiTokens", summary = "List the API tokens",
            description = "Every token issued, revoked ones too, without their secrets. Role: ADMIN.")
    @GetMapping
    public TokenList list() {
        return new TokenList(tokens.list().stream().map(TokenSummary::of).toList());
    }

    @Operation(operationId = "getApiToken", summary = "Read an API token",
            description = "One token, without its secret. Role: ADMIN.")
    @GetMapping("/{id}")
    TokenSummary get(@PathVariable UUID id) {
        return tokens.find(id).map(TokenSummary::of).orElseThrow(() -> new NotFoundException("token"));
    }

    /** 204 once no node accepts the token any more (also when it was revoked before). */
    @Operation(operationId = "revokeApiToken", summary = "Revoke an API token",
            description = "At once, on every node: the next request with it gets 401. Role: ADMIN.")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public ResponseEntity<Void> revoke(@PathVariable UUID id, Authentication caller) {
        ApiTokens.StoredToken revoked = tokens.revoke(id, caller.getName())
                .orElseThrow(() -> new NotFoundException("token"));
        LOG.info("API token {} ({}) revoked by {}", revoked.name(), revoked.id(), caller.getName());
        return ResponseEntity.noContent().build();
    }

    /** {@code expiresAt} optional: without it the token lasts until revoked. */
    public record IssueTokenRequest(String name, List<String> roles, Instant expiresAt) {
    }

    /** {@code token} is the secret to send as {@code Authorization: Bearer <token>}; it cannot be read again. */
    public record IssuedToken(UUID id, String token, String name, List<Role> roles, Instant createdAt, Instant expiresAt) {
    }

    public record TokenList(List<TokenSummary> items) {
    }

    public record TokenSummary(UUID id, String name, List<Role> roles, Instant createdAt, String createdBy, Instant expiresAt,
                        Instant revokedAt, String revokedBy) {

        static TokenSummary of(ApiTokens.StoredToken token) {
            return new TokenSummary(token.id(), token.name(), token.roles(), token.createdAt(), token.createdBy(),
                    token.expiresAt(), token.revokedAt(), token.revokedBy());
        }
    }
}
