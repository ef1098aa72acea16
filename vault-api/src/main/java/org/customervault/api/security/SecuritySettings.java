package org.customervault.api.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The API's configured users, the limits on searches and failed sign-ins, and the OpenID Connect
 * issuer whose JWTs are accepted ({@code vault.security.*}).
 */
@ConfigurationProperties("vault.security")
public record SecuritySettings(@DefaultValue List<User> users, @DefaultValue RateLimits rateLimits,
                               @DefaultValue Oidc oidc) {

    /**
     * Limits per node, in memory: searches per user, and failed sign-ins per user name and per
     * client address, after which even the right password is refused until the window passes.
     * {@code maximumKeys} bounds the users and addresses each limit remembers. A limit or window
     * left unset (or blank, as an unset environment variable leaves it) takes the default here.
     */
    public record RateLimits(Limit searches, Limit failedLoginsPerUser, Limit failedLoginsPerAddress,
                             @DefaultValue("100000") long maximumKeys) {

        public RateLimits {
            searches = Limit.orElse(searches, 30, Duration.ofMinutes(1));
            failedLoginsPerUser = Limit.orElse(failedLoginsPerUser, 5, Duration.ofMinutes(15));
            failedLoginsPerAddress = Limit.orElse(failedLoginsPerAddress, 20, Duration.ofMinutes(15));
        }
    }

    /** At most {@code limit} events in a window of {@code window} that opens with the first of them. */
    public record Limit(Integer limit, Duration window) {

        static Limit orElse(Limit configured, int limit, Duration window) {
            return new Limit(configured == null || configured.limit() == null ? limit : configured.limit(),
                    configured == null || configured.window() == null ? window : configured.window());
        }
    }

    /** A user of the API; {@code password} in Spring's delegating format, e.g. {@code {bcrypt}$2a$...}. */
    public record User(String name, String password, List<String> roles) {
    }

    /**
     * Bearer JWTs from this OpenID Connect issuer, none when {@code issuerUri} is blank. The issuer's
     * keys are found through its discovery document at the first JWT. Roles come from the claim
     * {@code rolesClaim} (a list, or one string of names separated by spaces or commas); names that
     * are not roles of the vault are ignored. With {@code audience} set, a JWT must name it in
     * {@code aud}. Blank values (as unset environment variables leave them) take the defaults.
     */
    public record Oidc(String issuerUri, String rolesClaim, String audience) {

        public Oidc {
            issuerUri = issuerUri == null || issuerUri.isBlank() ? null : issuerUri.trim();
            rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim.trim();
            audience = audience == null || audience.isBlank() ? null : audience.trim();
            if (issuerUri != null) {
                // without an audience, a token the issuer made for another application, whose roles
                // claim happens to say ADMIN, would be a vault ADMIN
                if (audience == null) {
                    throw new IllegalArgumentException("vault.security.oidc.audience is required with an issuer: the"
                            + " audience (aud) the issuer puts in the vault's tokens");
                }
                // the issuer's keys are fetched from it: over plain HTTP anyone on the way could swap them
                URI issuer = URI.create(issuerUri);
                if (!"https".equals(issuer.getScheme()) && !isLoopback(issuer.getHost())) {
                    throw new IllegalArgumentException("vault.security.oidc.issuer-uri must be an https URL"
                            + " (plain http only on this host's loopback)");
                }
            }
        }

        private static boolean isLoopback(String host) {
            return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
        }

        public boolean enabled() {
            return issuerUri != null;
        }
    }
}
