package org.customervault.api.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.TreeSet;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A console session holds what its user was when they signed in, while the API looks the user up at every
 * request. So at every request the user is looked up again: a user removed, given other roles or another
 * password since the sign-in has their session ended and signs in again, as the user administration
 * promises ("at the next request"). A session also ends {@link #LONGEST_SESSION} after its sign-in, however
 * busy: an idle timeout alone would let a session in constant use last for ever.
 */
final class SignedInUserCheck extends OncePerRequestFilter {

    static final Duration LONGEST_SESSION = Duration.ofHours(12);
    private static final String FINGERPRINT = SignedInUserCheck.class.getName() + ".user";
    private static final String SIGNED_IN_AT = SignedInUserCheck.class.getName() + ".signedInAt";

    private final UserDetailsService users;

    SignedInUserCheck(UserDetailsService users) {
        this.users = users;
    }

    /** Keeps, in the new session, what the user is at the sign-in. */
    void signedIn(HttpServletRequest request, Authentication signedIn) {
        HttpSession session = request.getSession();
        session.setAttribute(FINGERPRINT, fingerprint(users.loadUserByUsername(signedIn.getName())));
        session.setAttribute(SIGNED_IN_AT, Instant.now());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (session != null && session.getAttribute(FINGERPRINT) != null && signedIn != null
                && !stillValid(session, signedIn.getName())) {
            session.invalidate();
            SecurityContextHolder.clearContext();
            String login = request.getContextPath() + ConsolePaths.LOGIN + "?expired";
            if (request.getHeader("HX-Request") != null) {
                // htmx swaps the answer into the page; this makes it load the sign-in page instead
                response.setHeader("HX-Redirect", login);
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            } else {
                response.sendRedirect(login);
            }
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean stillValid(HttpSession session, String name) {
        Instant signedInAt = (Instant) session.getAttribute(SIGNED_IN_AT);
        if (signedInAt == null || signedInAt.plus(LONGEST_SESSION).isBefore(Instant.now())) {
            return false;
        }
        try {
            return fingerprint(users.loadUserByUsername(name)).equals(session.getAttribute(FINGERPRINT));
        } catch (UsernameNotFoundException removed) {
            return false;
        }
    }

    /** The user's name, password hash and roles, hashed: what the session must still match. */
    private static String fingerprint(UserDetails user) {
        TreeSet<String> roles = new TreeSet<>();
        for (GrantedAuthority authority : user.getAuthorities()) {
            roles.add(authority.getAuthority());
        }
        String identity = user.getUsername() + "\n" + user.getPassword() + "\n" + String.join(",", roles);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(identity.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
