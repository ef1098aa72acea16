package org.customervault.api.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.customervault.api.problem.ProblemWriter;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request that changes data reach a handler only when it declares a JSON
 * body, even one that needs no body. A browser sends a request to another site without asking it
 * first (a CORS preflight) only as GET, HEAD or POST, and then with no {@code Content-Type} or with
 * {@code text/plain}, {@code application/x-www-form-urlencoded} or {@code multipart/form-data}: so
 * a form on any web page, in a browser holding an ADMIN's Basic credentials, could otherwise fire a
 * bodiless POST such as a key rotation or a rebuild. JSON goes cross-site only after a preflight,
 * which no origin passes unless configured. A DELETE carries no body and may come without a
 * {@code Content-Type}: browsers always preflight it.
 */
final class JsonWritesOnly extends OncePerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON,
            MediaType.valueOf("application/merge-patch+json"));

    private final ProblemWriter problems;

    JsonWritesOnly(ProblemWriter problems) {
        this.problems = problems;
    }

    /**
     * Every path, not only {@code /api/}: the raw path of {@code /%61pi/...} does not start with
     * {@code /api/}, yet the handlers and the security rules match it, decoded, as an API path.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return READS.contains(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        boolean allowed = contentType == null ? "DELETE".equals(request.getMethod()) : json(contentType);
        if (!allowed) {
            problems.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                    "A request that changes data sends Content-Type: application/json (application/merge-patch+json"
                            + " for PATCH), also when it has no body.", false);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean json(String contentType) {
        try {
            MediaType declared = MediaType.parseMediaType(contentType);
            return JSON.stream().anyMatch(declared::equalsTypeAndSubtype);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
