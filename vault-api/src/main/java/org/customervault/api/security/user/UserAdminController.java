package org.customervault.api.security.user;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.customervault.api.problem.ConflictException;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.api.problem.NotFoundException;
import org.customervault.api.security.Role;
import org.customervault.api.security.RoleNames;
import org.customervault.api.security.SystemActors;
import org.customervault.domain.customer.InvalidCustomerDataException.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Users who sign in with a password, managed by ADMIN without a restart: created, listed without
 * their password hashes, given new roles or a new password, removed. Those of the configuration
 * ({@code vault.security.users}) are listed nowhere here and cannot be created, changed or removed
 * through it (409).
 */
@Tag(name = "Administration")
@RestController
@RequestMapping(path = "/api/v1/admin/users", produces = MediaType.APPLICATION_JSON_VALUE)
public class UserAdminController {

    private static final Logger LOG = LoggerFactory.getLogger(UserAdminController.class);
    /** No colon, which would end the name in HTTP Basic, and cannot pass for an API token's actor. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final String CONFIGURED = "This user comes from the configuration (vault.security.users); "
            + "change it there.";

    private final ManagedUsers users;
    private final VaultUsers everyone;
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();

    UserAdminController(ManagedUsers users, VaultUsers everyone) {
        this.users = users;
        this.everyone = everyone;
    }

    /** 201; 409 if the name is taken, by a managed user or one of the configuration. */
    @Operation(operationId = "createUser", summary = "Create a user",
            description = "A user who signs in with HTTP Basic, stored with a bcrypt hash of the password; every node knows"
                    + " it at once. A name of the configured users is refused (409). Role: ADMIN.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<UserSummary> create(@RequestBody CreateUserRequest request, Authentication caller) {
        List<Violation> violations = new ArrayList<>();
        if (request.name() == null || !NAME.matcher(request.name()).matches()) {
            violations.add(new Violation("name", "is required: 1 to 64 letters, digits, '.', '_', '@' or '-'"));
        }
        PasswordRules.check(request.password(), request.name(), violations);
        List<Role> roles = RoleNames.parse("roles", request.roles(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        if (SystemActors.isReserved(request.name())) {
            throw new ConflictException("This name is the vault's own; choose another.");
        }
        if (everyone.isConfigured(request.name())) {
            throw new ConflictException("A user of the configuration (vault.security.users) has this name.");
        }
        ManagedUsers.ManagedUser created = users.insert(request.name(), bcrypt.encode(request.password()), roles,
                caller.getName()).orElseThrow(() -> new ConflictException("A user with this name exists."));
        LOG.info("user {} created by {} with roles {}", created.name(), caller.getName(), roles);
        return ResponseEntity.created(URI.create("/api/v1/admin/users/" + created.name())).body(UserSummary.of(created));
    }

    /** The managed users; those of the configuration are not listed. */
    @Operation(operationId = "listUsers", summary = "List the managed users",
            description = "The users created through the API, without their password hashes; those of the configuration are"
                    + " not listed. Role: ADMIN.")
    @GetMapping
    public UserList list() {
        return new UserList(users.list().stream().map(UserSummary::of).toList());
    }

    @Operation(operationId = "getUser", summary = "Read a managed user",
            description = "One user, without the password hash. Role: ADMIN.")
    @GetMapping("/{name}")
    UserSummary get(@PathVariable String name) {
        return users.find(name).map(UserSummary::of).orElseThrow(() -> new NotFoundException("user"));
    }

    /**
     * A new password, new roles, or both; what is left out stays. Takes effect at the next request on
     * every node: an old password is refused from then on.
     */
    @Operation(operationId = "changeUser", summary = "Change a user's roles or password",
            description = "A JSON merge patch of roles and password; an old password stops working at once on every node. "
                    + "Role: ADMIN.")
    @PatchMapping(path = "/{name}", consumes = "application/merge-patch+json")
    public UserSummary change(@PathVariable String name, @RequestBody ChangeUserRequest request, Authentication caller) {
        if (everyone.isConfigured(name)) {
            throw new ConflictException(CONFIGURED);
        }
        List<Violation> violations = new ArrayList<>();
        if (request.password() == null && request.roles() == null) {
            violations.add(new Violation("password", "or roles is required"));
        }
        if (request.password() != null) {
            PasswordRules.check(request.password(), name, violations);
        }
        List<Role> roles = request.roles() == null ? null : RoleNames.parse("roles", request.roles(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        ManagedUsers.ManagedUser changed = users.update(name,
                request.password() == null ? null : bcrypt.encode(request.password()), roles)
                .orElseThrow(() -> new NotFoundException("user"));
        LOG.info("user {} changed by {}: {}{}", changed.name(), caller.getName(),
                request.password() == null ? "" : "new password ", roles == null ? "" : "roles " + roles);
        return UserSummary.of(changed);
    }

    /** 204; the user cannot sign in any more, on any node. */
    @Operation(operationId = "removeUser", summary = "Remove a user",
            description = "At once, on every node. Role: ADMIN.")
    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public ResponseEntity<Void> remove(@PathVariable String name, Authentication caller) {
        if (everyone.isConfigured(name)) {
            throw new ConflictException(CONFIGURED);
        }
        if (!users.delete(name)) {
            throw new NotFoundException("user");
        }
        LOG.info("user {} removed by {}", name, caller.getName());
        return ResponseEntity.noContent().build();
    }

    /** {@code roles}: one or more of AGENT, COMPLIANCE, ADMIN; {@code password}: 12 characters or more. */
    public record CreateUserRequest(String name, String password, List<String> roles) {

        /** Never the password, whoever logs the request. */
        @Override
        public String toString() {
            return "CreateUserRequest[name=" + name + ", roles=" + roles + "]";
        }
    }

    /** Either or both; a field left out keeps its value. */
    public record ChangeUserRequest(String password, List<String> roles) {

        /** Never the password, whoever logs the request. */
        @Override
        public String toString() {
            return "ChangeUserRequest[password " + (password == null ? "unchanged" : "given") + ", roles=" + roles + "]";
        }
    }

    public record UserList(List<UserSummary> items) {
    }

    public record UserSummary(String name, List<Role> roles, Instant createdAt, String createdBy, Instant updatedAt) {

        static UserSummary of(ManagedUsers.ManagedUser user) {
            return new UserSummary(user.name(), user.roles(), user.createdAt(), user.createdBy(), user.updatedAt());
        }
    }
}
