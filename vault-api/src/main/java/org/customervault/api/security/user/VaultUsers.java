package org.customervault.api.security.user;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Every user who may sign in with a password: those of the configuration first, which no managed user
 * can shadow, then those ADMIN manages in the database, looked up at each sign-in.
 */
public final class VaultUsers implements UserDetailsService {

    private static final String BCRYPT = "{bcrypt}";

    private final UserDetailsService configured;
    private final ManagedUsers managed;

    public VaultUsers(UserDetailsService configured, ManagedUsers managed) {
        this.configured = configured;
        this.managed = managed;
    }

    @Override
    public UserDetails loadUserByUsername(String name) {
        try {
            return configured.loadUserByUsername(name);
        } catch (UsernameNotFoundException notConfigured) {
            return managed.find(name)
                    .map(user -> User.withUsername(user.name())
                            .password(BCRYPT + user.passwordHash())
                            .roles(user.roles().stream().map(Enum::name).toArray(String[]::new)).build())
                    .orElseThrow(() -> new UsernameNotFoundException("no such user"));
        }
    }

    /** Whether the name belongs to a user of the configuration, whom the API cannot create, change or remove. */
    boolean isConfigured(String name) {
        try {
            configured.loadUserByUsername(name);
            return true;
        } catch (UsernameNotFoundException e) {
            return false;
        }
    }
}
