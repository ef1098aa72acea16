package org.customervault.api.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes an RFC 9457 problem straight to a response, for errors raised before any controller. */
@Component
public class ProblemWriter {

    private static final String BASIC = "Basic realm=\"customer-vault\"";
    private static final String BEARER = "Bearer realm=\"customer-vault\"";

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    /** {@code challenge}: a 401 that names the schemes a client may sign in with (RFC 9110, 11.6.1). */
    public void write(HttpServletResponse response, HttpStatus status, String title, String detail,
                      boolean challenge) throws IOException {
        if (challenge) {
            challenge(response, BEARER);
        }
        write(response, status, title, detail);
    }

    /**
     * 401 for a request whose bearer token was refused (unknown, revoked, expired, or a JWT that does
     * not verify): the Bearer challenge says so with RFC 6750's {@code invalid_token}.
     */
    public void writeBearerRefused(HttpServletResponse response) throws IOException {
        challenge(response, BEARER + ", error=\"invalid_token\"");
        write(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                "The bearer token is unknown, revoked, expired or not valid; send valid credentials.");
    }

    private static void challenge(HttpServletResponse response, String bearer) {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, BASIC);
        response.addHeader(HttpHeaders.WWW_AUTHENTICATE, bearer);
    }

    private void write(HttpServletResponse response, HttpStatus status, String title, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create(ProblemTypes.of(status)));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** Writes a problem made elsewhere, with its own type and members. */
    public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** 429 with {@code Retry-After} in whole seconds, rounded up so that a client that waits that long is let in. */
    public void writeTooManyRequests(HttpServletResponse response, Duration retryAfter, String detail) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds(retryAfter));
        write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests", detail, false);
    }

    static String retryAfterSeconds(Duration retryAfter) {
        long nanosPerSecond = Duration.ofSeconds(1).toNanos();
        return String.valueOf(Math.max(1, (retryAfter.toNanos() + nanosPerSecond - 1) / nanosPerSecond));
    }
}
