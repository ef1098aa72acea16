package org.customervault.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * HTTP Basic sends the password with every request, and checking a bcrypt hash costs tens of
 * milliseconds of CPU each time. Once a user name and password have been verified, this remembers
 * them for a few minutes, as an HMAC under a key that exists only in this process, so the cache
 * never holds a password or anything that could be checked against one outside the process.
 * Each use of a remembered sign-in looks the user up again (a query for a managed user, no bcrypt):
 * if the user is gone, or has another password hash or other roles than when the password was
 * verified, because ADMIN changed them on any node, the password is verified anew.
 */
final class VerifiedCredentialsCache implements AuthenticationProvider {

    private static final String ALGORITHM = "HmacSHA256";

    private final AuthenticationProvider verifier;
    private final UserDetailsService users;
    private final Cache<String, Verified> verified;
    private final ThreadLocal<Mac> macs;

    VerifiedCredentialsCache(AuthenticationProvider verifier, UserDetailsService users, long maximumSize,
                             Duration maximumAge) {
        this.verifier = verifier;
        this.users = users;
        this.verified = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(maximumAge).build();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(new SecretKeySpec(key, ALGORITHM));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM has no " + ALGORITHM, e);
            }
        });
    }

    @Override
    public Authentication authenticate(Authentication request) {
        String fingerprint = fingerprint(request.getName(), String.valueOf(request.getCredentials()));
        Verified known = verified.getIfPresent(fingerprint);
        Optional<UserDetails> stored = stored(request.getName());
        if (known != null && stored.isPresent() && known.against(stored.get())) {
            return known.result();
        }
        // What was stored before the verification: if it changes in between, the next use of this
        // entry sees a difference and verifies again, so an entry never outlives a change.
        Authentication result = verifier.authenticate(request);
        if (result != null && result.isAuthenticated() && stored.isPresent()) {
            verified.put(fingerprint, new Verified(result, stored.get().getPassword(), Set.copyOf(stored.get().getAuthorities())));
        } else {
            verified.invalidate(fingerprint);
        }
        return result;
    }

    private Optional<UserDetails> stored(String name) {
        try {
            return Optional.ofNullable(users.loadUserByUsername(name));
        } catch (UsernameNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private String fingerprint(String name, String password) {
        Mac mac = macs.get();
        mac.update(name.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    }

    /** A verified sign-in and the user's stored password hash and roles it was verified against. */
    private record Verified(Authentication result, String passwordHash, Set<GrantedAuthority> authorities) {

        boolean against(UserDetails stored) {
            return passwordHash.equals(stored.getPassword()) && authorities.equals(Set.copyOf(stored.getAuthorities()));
        }
    }
}
