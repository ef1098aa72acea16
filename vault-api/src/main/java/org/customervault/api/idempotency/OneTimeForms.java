package org.customervault.api.idempotency;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The {@link OneTimeForm} rule, in the API's idempotency store: the token claims a key of the signed-in user and the
 * form's address, the form's values are its fingerprint (keyed hashes, as the API's: the table holds no value sent).
 *
 * <p>What is kept of the first post is its redirect alone (status and {@code Location}, an id in the address, nothing
 * personal): a post answered with a page, a refusal shown beside the form with what was typed, keeps nothing and
 * releases the key, so the corrected form runs. A second post while the first runs, as a double click sends, waits a
 * moment for the first's answer, because the browser shows the second's answer and not the first's.
 */
final class OneTimeForms implements HandlerInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(OneTimeForms.class);
    private static final String CLAIM = OneTimeForms.class.getName() + ".claim";
    private static final byte[] LABEL = "console form".getBytes(StandardCharsets.UTF_8);
    /** Longer than a form's write takes, short enough that a thread is not held for long. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 50;

    private final IdempotencyKeys keys;
    private final IdempotencySecret secret;

    OneTimeForms(IdempotencyKeys keys, IdempotencySecret secret) {
        this.keys = keys;
        this.secret = secret;
    }

    private record Claim(byte[] keyHash, byte[] fingerprint) {
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (!(handler instanceof HandlerMethod method) || !method.hasMethodAnnotation(OneTimeForm.class)
                || !"POST".equals(request.getMethod())) {
            return true;
        }
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        String[] sent = request.getParameterValues(OneTimeForm.FIELD);
        if (caller == null || sent == null || sent.length != 1 || !FormTokens.wellFormed(sent[0])) {
            throw new FormTokenRefusedException(FormTokenRefusedException.Reason.MISSING);
        }
        Claim claim = new Claim(secret.hash(utf8(caller.getName()), LABEL, utf8(sent[0]), utf8(request.getRequestURI())),
                fingerprint(request));
        long deadline = System.nanoTime() + LONGEST_WAIT.toNanos();
        while (true) {
            if (keys.claim(claim.keyHash(), claim.fingerprint())) {
                request.setAttribute(CLAIM, claim);
                return true;
            }
            Optional<IdempotencyKeys.Stored> stored = keys.find(claim.keyHash());
            if (stored.isPresent() && !MessageDigest.isEqual(stored.get().fingerprint(), claim.fingerprint())) {
                throw new FormTokenRefusedException(FormTokenRefusedException.Reason.REUSED);
            }
            if (stored.isPresent() && !stored.get().running()) {
                response.setStatus(stored.get().status());
                response.setHeader(HttpHeaders.LOCATION, stored.get().location());
                return false;
            }
            // running, or released meanwhile (the first was refused): wait, or claim it again
            if (System.nanoTime() > deadline) {
                throw new FormTokenRefusedException(FormTokenRefusedException.Reason.IN_FLIGHT);
            }
            if (stored.isPresent()) {
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception failure) {
        if (!(request.getAttribute(CLAIM) instanceof Claim claim)) {
            return;
        }
        int status = response.getStatus();
        String location = response.getHeader(HttpHeaders.LOCATION);
        try {
            if (failure == null && status >= 300 && status < 400 && location != null) {
                keys.answer(claim.keyHash(), claim.fingerprint(), status, true, null, location, null);
            } else {
                keys.release(claim.keyHash(), claim.fingerprint());
            }
        } catch (DataAccessException unkept) {
            // the post ran: its claim stays, and the same form sent again is refused until the in-flight timeout
            LOG.error("one-time form's answer not kept: {}", unkept.getClass().getName());
        }
    }

    /**
     * The form's address and values, in name order, without the token itself and the CSRF token (which a page
     * rendered again changes, not the form).
     */
    private byte[] fingerprint(HttpServletRequest request) {
        Map<String, String[]> values = new TreeMap<>(request.getParameterMap());
        values.remove(OneTimeForm.FIELD);
        values.remove("_csrf");
        StringBuilder text = new StringBuilder();
        values.forEach((name, sent) -> {
            text.append(name.length()).append(':').append(name);
            for (String value : sent) {
                text.append('=').append(value.length()).append(':').append(value);
            }
            text.append('&');
        });
        return secret.hash(utf8(request.getMethod()), utf8(request.getRequestURI()), utf8(text.toString()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
