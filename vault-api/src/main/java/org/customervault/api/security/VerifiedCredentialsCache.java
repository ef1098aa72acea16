package org.customervault.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * HTTP Basic sends the password with every request, and checking a bcrypt hash costs tens of
 * milliseconds of CPU each time. Once a user name and password have been verified, this remembers
 * them for a few minutes, as an HMAC under a key that exists only in this process, so the cache
 * never holds a password or anything that could be checked against one outside the process.
 */
final class VerifiedCredentialsCache implements AuthenticationProvider {

    private static final String ALGORITHM = "HmacSHA256";

    private final AuthenticationProvider verifier;
    private final Cache<String, Authentication> verified;
    private final ThreadLocal<Mac> macs;

    VerifiedCredentialsCache(AuthenticationProvider verifier, long maximumSize, Duration maximumAge) {
        this.verifier = verifier;
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
        Authentication known = verified.getIfPresent(fingerprint);
        if (known != null) {
            return known;
        }
        Authentication result = verifier.authenticate(request);
        if (result != null && result.isAuthenticated()) {
            verified.put(fingerprint, result);
        }
        return result;
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
}
