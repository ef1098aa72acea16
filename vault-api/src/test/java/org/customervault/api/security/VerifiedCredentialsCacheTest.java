package org.customervault.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

class VerifiedCredentialsCacheTest {

    private final AtomicInteger verifications = new AtomicInteger();
    private final AuthenticationProvider verifier = new AuthenticationProvider() {
        @Override
        public Authentication authenticate(Authentication request) {
            verifications.incrementAndGet();
            if (!"right".equals(request.getCredentials())) {
                throw new BadCredentialsException("bad credentials");
            }
            return UsernamePasswordAuthenticationToken.authenticated(request.getName(), null,
                    List.of(new SimpleGrantedAuthority("ROLE_AGENT")));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return true;
        }
    };
    private final VerifiedCredentialsCache cache = new VerifiedCredentialsCache(verifier, 100, Duration.ofMinutes(5));

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
}
