package org.customervault.api.security.token;

import java.util.List;
import java.util.UUID;
import org.customervault.api.security.Role;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request signed in with an API token. Its name, {@code token:<name>}, is the actor the access log
 * and the events' metadata record: it tells which token acted and holds no part of the secret. User
 * names cannot contain a colon, so no user can pass for a token.
 */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    public static final String ACTOR_PREFIX = "token:";

    private final UUID id;
    private final String actor;

    ApiTokenAuthentication(UUID id, String name, List<Role> roles) {
        super(roles.stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role.name())).toList());
        this.id = id;
        this.actor = ACTOR_PREFIX + name;
        setAuthenticated(true);
    }

    public UUID id() {
        return id;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return actor;
    }

    @Override
    public String getName() {
        return actor;
    }
}
