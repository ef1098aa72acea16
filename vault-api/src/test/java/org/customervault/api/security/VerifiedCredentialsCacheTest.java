package org.customervault.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

class VerifiedCredentialsCacheTest {

    private final AtomicInteger verifications = new AtomicInteger();
    private final InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
            User.withUsername("ana").password("right").roles("AGENT").build(),
            User.withUsername("luis").password("right").roles("AGENT").build());
    private final AuthenticationProvider verifier = new AuthenticationProvider() {
        @Override
        public Authentication authenticate(Authentication request) {
            verifications.incrementAndGet();
            if (!users.userExists(request.getName())
                    || !users.loadUserByUsername(request.getName()).getPassword().equals(request.getCredentials())) {
                throw new BadCredentialsException("bad credentials");
            }
            return UsernamePasswordAuthenticationToken.authenticated(request.getName(), null,
                    users.loadUserByUsername(request.getName()).getAuthorities());
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return true;
        }
    };
    private final VerifiedCredentialsCache cache = new VerifiedCredentialsCache(verifier, users, 100, Duration.ofMinutes(5));

    private static Authentication login(String name, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(name, password);
    }

    @Test
    void verifiesTheSameCredentialsOnlyOnce() {
        assertThat(cache.authenticate(login("ana", "right")).isAuthenticated()).isTrue();
        assertThat(cache.authenticate(login("ana", "right")).getName()).isEqualTo("ana");

        assertThat(verifications).hasValue(1);
    }

    @Test
    void aWrongPasswordIsAlwaysVerifiedAndRefused() {
        cache.authenticate(login("ana", "right"));

        assertThatThrownBy(() -> cache.authenticate(login("ana", "wrong"))).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> cache.authenticate(login("ana", "wrong"))).isInstanceOf(BadCredentialsException.class);
        assertThat(verifications).hasValue(3);
    }

    @Test
    void anotherUserWithTheSamePasswordIsVerifiedOnItsOwn() {
        cache.authenticate(login("ana", "right"));
        cache.authenticate(login("luis", "right"));

        assertThat(verifications).hasValue(2);
    }

    @Test
    void anOldPasswordIsRefusedOnceTheStoredOneChanged() {
        cache.authenticate(login("ana", "right"));

        users.updatePassword(users.loadUserByUsername("ana"), "changed");

        assertThatThrownBy(() -> cache.authenticate(login("ana", "right"))).isInstanceOf(BadCredentialsException.class);
        assertThat(cache.authenticate(login("ana", "changed")).isAuthenticated()).isTrue();
    }

    @Test
    void aRemovedUserIsRefusedThoughVerifiedBefore() {
        cache.authenticate(login("ana", "right"));

        users.deleteUser("ana");

        assertThatThrownBy(() -> cache.authenticate(login("ana", "right"))).isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void newRolesHoldAtTheNextRequest() {
        cache.authenticate(login("ana", "right"));

        users.updateUser(User.withUsername("ana").password("right").roles("COMPLIANCE").build());

        assertThat(cache.authenticate(login("ana", "right")).getAuthorities()).extracting(Object::toString)
                .containsExactly("ROLE_COMPLIANCE");
        assertThat(verifications).hasValue(2);
    }
}
