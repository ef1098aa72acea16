package org.customervault.api.security.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The API tokens' secrets: 256 random bits behind a fixed prefix, so that secret scanners recognise
 * a leaked one and the bearer filter tells them from JWTs. Only their SHA-256 is stored: a secret of
 * that strength cannot be found from its hash, so no salt or slow hash is needed, and a lookup by
 * hash compares no secret byte by byte.
 */
public final class TokenSecrets {

    public static final String PREFIX = "cvt_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {
    }

    static String generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static boolean isApiToken(String bearer) {
        return bearer.startsWith(PREFIX);
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
