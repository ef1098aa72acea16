package org.customervault.api.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

class FailedLoginLimitTest {

    private final AuthenticationProvider refusesAll = new AuthenticationProvider() {
        @Override
        public Authentication authenticate(Authentication request) {
            throw new BadCredentialsException("refused");
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return true;
        }
    };
    private final RateLimit perUser = new RateLimit(new SecuritySettings.Limit(3, Duration.ofMinutes(15)), 100,
            Ticker.systemTicker());
    private final RateLimit perAddress = new RateLimit(new SecuritySettings.Limit(3, Duration.ofMinutes(15)), 100,
            Ticker.systemTicker());
    private final FailedLoginLimit limit = new FailedLoginLimit(refusesAll, perUser, perAddress,
            RateLimit.refusals(new SimpleMeterRegistry(), "failed-logins"));

    @Test
    void refusedBearerTokensCountAgainstTheirAddressAndLockPasswordsOutFromItToo() {
        for (int attempt = 0; attempt < 3; attempt++) {
            String guess = "cvt_guess" + attempt;
            assertThatThrownBy(() -> limit.authenticate(from("10.0.0.7", new BearerTokenAuthenticationToken(guess))))
                    .isInstanceOf(BadCredentialsException.class);
        }

        assertThatThrownBy(() -> limit.authenticate(from("10.0.0.7", new BearerTokenAuthenticationToken("cvt_another"))))
                .isInstanceOf(FailedLoginLimit.TooManyFailedLogins.class);
        assertThatThrownBy(() -> limit.authenticate(from("10.0.0.7",
                UsernamePasswordAuthenticationToken.unauthenticated("ana", "right"))))
                .isInstanceOf(FailedLoginLimit.TooManyFailedLogins.class);
        assertThatThrownBy(() -> limit.authenticate(from("10.0.0.8", new BearerTokenAuthenticationToken("cvt_guess0"))))
                .as("a token's text is no user name: another address is not locked by it")
                .isInstanceOf(BadCredentialsException.class).isNotInstanceOf(FailedLoginLimit.TooManyFailedLogins.class);
    }

    private static Authentication from(String address, AbstractAuthenticationToken request) {
        request.setDetails(new WebAuthenticationDetails(address, null));
        return request;
    }
}
