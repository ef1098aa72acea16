package org.customervault.api.idempotency;

import java.security.SecureRandom;
import java.util.Base64;

/** The {@link OneTimeForm} tokens: 128 random bits, URL-safe Base64 (22 characters), nothing the server remembers. */
public final class FormTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private FormTokens() {
    }

    /** A new token for a page's forms. */
    public static String next() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    static boolean wellFormed(String token) {
        return token != null && token.matches("[A-Za-z0-9_-]{22}");
    }
}
