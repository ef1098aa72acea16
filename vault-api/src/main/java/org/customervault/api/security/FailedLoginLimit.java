package org.customervault.api.security;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Online password guessing, stopped: after too many failed sign-ins for a user name, or from a
 * client address, every sign-in for that name or from that address is refused until the window
 * passes, the right password included, so that a guess that happens to be right teaches nothing.
 * The check comes before any password is hashed, so a refused attempt costs no bcrypt either.
 * Names that do not exist are counted like those that do: the refusal says nothing about which
 * names are users.
 */
final class FailedLoginLimit implements AuthenticationProvider {

    /** Refused before the password was checked; the entry point answers 429 with {@code Retry-After}. */
    static final class TooManyFailedLogins extends LockedException {

        private final transient Duration retryAfter;

        TooManyFailedLogins(Duration retryAfter) {
            super("too many failed sign-ins");
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }

    private final AuthenticationProvider verifier;
    private final RateLimit perUser;
    private final RateLimit perAddress;
    private final Counter refused;

    FailedLoginLimit(AuthenticationProvider verifier, RateLimit perUser, RateLimit perAddress, Counter refused) {
        this.verifier = verifier;
        this.perUser = perUser;
        this.perAddress = perAddress;
        this.refused = refused;
    }

    @Override
    public Authentication authenticate(Authentication request) {
        // user names are case-insensitive, as the user store treats them; a bearer token names no user
        // (and its text, the secret, is no key to keep), so its failures count for the address only
        Optional<String> user = Optional.of(request).filter(UsernamePasswordAuthenticationToken.class::isInstance)
                .map(login -> login.getName().toLowerCase(Locale.ROOT));
        Optional<String> address = Optional.ofNullable(request.getDetails())
                .filter(WebAuthenticationDetails.class::isInstance)
                .map(details -> ((WebAuthenticationDetails) details).getRemoteAddress());
        Optional<Duration> locked = Stream.concat(user.flatMap(perUser::exhausted).stream(),
                address.flatMap(perAddress::exhausted).stream()).max(Comparator.naturalOrder());
        if (locked.isPresent()) {
            refused.increment();
            throw new TooManyFailedLogins(locked.get());
        }
        try {
            return verifier.authenticate(request);
        } catch (BadCredentialsException e) {
            user.ifPresent(perUser::count);
            address.ifPresent(perAddress::count);
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return verifier.supports(authentication);
    }
}
