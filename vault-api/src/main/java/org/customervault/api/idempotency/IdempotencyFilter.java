package org.customervault.api.idempotency;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.customervault.api.problem.ProblemAdvice;
import org.customervault.api.problem.ProblemTypes;
import org.customervault.api.problem.ProblemWriter;
import org.customervault.api.problem.RequestBodyLimitFilter;
import org.customervault.api.problem.RequestBodyTooLargeException;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on every POST, after authentication (a key belongs to the caller who sent
 * it): the first request with a key runs and its answer is kept; the same caller sending the same key
 * with the same method, path and body gets that answer again, marked {@code Idempotent-Replayed: true};
 * with another request, 422; while the first still runs, 409 with {@code Retry-After}, so that a
 * request never runs twice and no client waits on a node's thread.
 *
 * <p>A 5xx, 408, 409 or 429 is not kept (the key is released, and a retry runs again: nothing was
 * stored); any other 4xx is kept (the same request gets the same answer). A successful answer is kept only where the handler is a
 * {@link ReplayableAnswer}; elsewhere only its status is, and a retry gets a 409 problem saying the
 * request was carried out, with that status, and that its answer cannot be shown again. Problems are
 * always kept: they never carry a sent value.
 */
final class IdempotencyFilter extends OncePerRequestFilter {

    private static final AuthenticationTrustResolver SIGNED_IN = new AuthenticationTrustResolverImpl();

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyFilter.class);
    static final String KEY_HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final int LONGEST_KEY = 255;
    private static final String IN_FLIGHT_RETRY_AFTER = "1";

    private final IdempotencyKeys keys;
    private final IdempotencySecret secret;
    private final ProblemWriter problems;

    IdempotencyFilter(IdempotencyKeys keys, IdempotencySecret secret, ProblemWriter problems) {
        this.keys = keys;
        this.secret = secret;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !request.getHeaders(KEY_HEADER).hasMoreElements();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || !caller.isAuthenticated() || SIGNED_IN.isAnonymous(caller)) {
            // refused by the security rules before it gets here (an anonymous caller is "authenticated"
            // as anonymous): nothing to remember, so no one without credentials can fill the table
            chain.doFilter(request, response);
            return;
        }
        List<String> sent = Collections.list(request.getHeaders(KEY_HEADER));
        if (sent.size() != 1 || !wellFormed(sent.get(0))) {
            problems.write(response, problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_REQUEST,
                    "Invalid Idempotency-Key", "Send one Idempotency-Key of 1 to " + LONGEST_KEY
                            + " printable ASCII characters."));
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (RequestBodyTooLargeException tooLarge) {
            problems.write(response, problem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
                    "Request body too large", "Request bodies are limited to " + RequestBodyLimitFilter.MAX_BODY_BYTES
                            + " bytes."));
            return;
        }
        byte[] keyHash;
        byte[] fingerprint;
        try {
            keyHash = secret.hash(utf8(caller.getName()), utf8(sent.get(0)));
            String query = request.getQueryString();
            fingerprint = secret.hash(utf8(request.getMethod()),
                    utf8(request.getRequestURI() + (query == null ? "" : "?" + query)), body);
        } catch (KeyStoreUnavailableException unavailable) {
            problems.write(response, problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.KEY_STORE_UNAVAILABLE,
                    "Key store unavailable", "The key store cannot be reached; nothing was stored. Try again later."));
            return;
        }
        HttpServletRequest replayable = new ReadBody(request, body);
        // a key released or purged between the claim and the look-up is claimed once more
        for (int attempt = 0; attempt < 2; attempt++) {
            boolean claimed;
            Optional<IdempotencyKeys.Stored> stored = Optional.empty();
            try {
                claimed = keys.claim(keyHash, fingerprint);
                if (!claimed) {
                    stored = keys.find(keyHash);
                }
            } catch (DataAccessException unchecked) {
                // the request did not run: it cannot be told apart from a retry of one that did
                LOG.error("idempotency key not checked: {}", unchecked.getClass().getName());
                problems.write(response, problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL,
                        "Internal error", "The request could not be completed; nothing was done."));
                return;
            }
            if (claimed) {
                run(replayable, response, chain, keyHash, fingerprint);
                return;
            }
            if (stored.isPresent()) {
                answerAgain(stored.get(), fingerprint, response);
                return;
            }
        }
        writeInUse(response);
    }

    private void run(HttpServletRequest request, HttpServletResponse response, FilterChain chain, byte[] keyHash,
                     byte[] fingerprint) throws ServletException, IOException {
        Answer answer = new Answer(response);
        boolean keep = false;
        try {
            chain.doFilter(request, answer);
            keep = kept(answer.getStatus()) && !answer.errorSent;
        } finally {
            try {
                if (keep) {
                    String contentType = answer.getContentType();
                    boolean problem = contentType != null
                            && MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(MediaType.parseMediaType(contentType));
                    keys.answer(keyHash, fingerprint, answer.getStatus(), problem || ReplayableAnswers.replayable(request),
                            contentType, answer.getHeader(HttpHeaders.LOCATION), answer.getContentAsByteArray());
                } else {
                    keys.release(keyHash, fingerprint);
                }
            } catch (DataAccessException unkept) {
                // the request ran: its claim stays, and retries get 409 until the in-flight timeout
                LOG.error("idempotency key's answer not kept: {}", unkept.getClass().getName());
            } finally {
                answer.copyBodyToResponse();
            }
        }
    }

    private void answerAgain(IdempotencyKeys.Stored stored, byte[] fingerprint, HttpServletResponse response)
            throws IOException {
        if (!MessageDigest.isEqual(stored.fingerprint(), fingerprint)) {
            problems.write(response, problem(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.IDEMPOTENCY_KEY_REUSED,
                    "Idempotency-Key reused", "This Idempotency-Key was sent before with another request (method, path"
                            + " or body); nothing was done. Use a new key for a new request."));
            return;
        }
        if (stored.running()) {
            writeInUse(response);
            return;
        }
        response.setHeader(REPLAYED_HEADER, "true");
        if (!stored.replayable()) {
            ProblemDetail withheld = problem(HttpStatus.CONFLICT, ProblemTypes.IDEMPOTENT_ANSWER_WITHHELD,
                    "Answer not kept", "The request with this Idempotency-Key was carried out (see firstStatus), but"
                            + " its answer may hold personal or secret data and is not kept; it cannot be shown again.");
            withheld.setProperty("firstStatus", stored.status());
            problems.write(response, withheld);
            return;
        }
        response.setStatus(stored.status());
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        if (stored.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, stored.location());
        }
        if (stored.body() != null) {
            response.setContentLength(stored.body().length);
            response.getOutputStream().write(stored.body());
        }
    }

    private void writeInUse(HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, IN_FLIGHT_RETRY_AFTER);
        problems.write(response, problem(HttpStatus.CONFLICT, ProblemTypes.IDEMPOTENCY_KEY_IN_USE,
                "Idempotency-Key in use", "The first request with this Idempotency-Key is still running; nothing was"
                        + " done. Send it again after Retry-After seconds to get its answer."));
    }

    /**
     * A 5xx, and the 4xx that say "try again" (a concurrent change or a restriction since lifted, 409; a
     * rate limit, 429; a timeout, 408; a version that moved on or was not named, 412 and 428, which a
     * client answers by reading the customer again and sending the same request with a new If-Match),
     * are not kept: nothing was stored, and the retry deserves a new answer. Any other 4xx is kept, the same request getting the same answer.
     */
    private static boolean kept(int status) {
        return status < 500 && status != 408 && status != 409 && status != 412 && status != 428 && status != 429;
    }

    /** 1 to 255 printable ASCII characters (space to tilde); the key is never echoed, whatever it holds. */
    static boolean wellFormed(String key) {
        if (key.isEmpty() || key.length() > LONGEST_KEY) {
            return false;
        }
        return key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemAdvice.problem(status, title, detail);
        problem.setType(URI.create(type));
        return problem;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The response as it is being written, kept in memory until it is stored; {@code sendError} bodies come later, from the error page. */
    private static final class Answer extends ContentCachingResponseWrapper {

        private boolean errorSent;

        Answer(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status) throws IOException {
            errorSent = true;
            super.sendError(status);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            errorSent = true;
            super.sendError(status, message);
        }
    }

    /** The request with its body already read (to fingerprint it), for the handler to read again. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
