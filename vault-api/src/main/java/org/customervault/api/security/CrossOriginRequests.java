package org.customervault.api.security;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.customervault.api.access.Purpose;
import org.customervault.api.listing.ListHeaders;
import org.customervault.api.problem.ProblemWriter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS for browser front-ends on the origins of {@link CorsSettings}, in the security filter chain
 * before authentication: a preflight carries no credentials, so it is answered here and never reaches
 * the sign-in. An allowed origin's preflight gets 200 with the methods and headers below; any other
 * origin's gets 403, and so does its actual request, before its credentials are checked or anything
 * is read. Credentials are not allowed ({@code Access-Control-Allow-Credentials} is never sent): a
 * front-end sends {@code Authorization} itself, so a page cannot ride on Basic credentials its
 * browser has cached. Only the API and its OpenAPI document take part; other paths get no CORS header.
 */
final class CrossOriginRequests {

    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    static final List<String> REQUEST_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
            HttpHeaders.ACCEPT, Purpose.HEADER, "Idempotency-Key", HttpHeaders.IF_MATCH, HttpHeaders.IF_NONE_MATCH);
    static final List<String> EXPOSED_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG, HttpHeaders.RETRY_AFTER,
            HttpHeaders.LINK, ListHeaders.TOTAL_COUNT, ListHeaders.TOTAL_CAPPED, ListHeaders.NEXT_CURSOR, "Idempotent-Replayed");
    /** How long a browser may reuse a preflight's answer; a change of the allowed origins reaches browsers within it. */
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    private CrossOriginRequests() {
    }

    /** The filter, for settings that name at least one origin. */
    static CorsFilter filter(CorsSettings settings, ProblemWriter problems) {
        CorsConfiguration allowed = new CorsConfiguration();
        allowed.setAllowedOrigins(settings.allowedOrigins());
        allowed.setAllowedMethods(METHODS);
        allowed.setAllowedHeaders(REQUEST_HEADERS);
        allowed.setExposedHeaders(EXPOSED_HEADERS);
        allowed.setAllowCredentials(false);
        allowed.setMaxAge(MAX_AGE);
        UrlBasedCorsConfigurationSource paths = new UrlBasedCorsConfigurationSource();
        paths.registerCorsConfiguration("/api/**", allowed);
        paths.registerCorsConfiguration("/v3/api-docs/**", allowed);
        CorsFilter filter = new CorsFilter(paths);
        filter.setCorsProcessor(new ProblemCorsProcessor(problems));
        return filter;
    }

    /** Spring's checks, with a refusal written as a problem like every other error of the API. */
    private static final class ProblemCorsProcessor extends DefaultCorsProcessor {

        private final ProblemWriter problems;

        ProblemCorsProcessor(ProblemWriter problems) {
            this.problems = problems;
        }

        @Override
        protected void rejectRequest(ServerHttpResponse response) throws IOException {
            problems.write(((ServletServerHttpResponse) response).getServletResponse(), HttpStatus.FORBIDDEN,
                    "Cross-origin request refused",
                    "This origin, method or header is not allowed for browser requests from another site"
                            + " (vault.api.cors.allowed-origins).", false);
        }
    }
}
