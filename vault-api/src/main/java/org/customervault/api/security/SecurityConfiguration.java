package org.customervault.api.security;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.customervault.api.config.DataDirectory;
import org.customervault.api.problem.ProblemWriter;
import org.customervault.api.security.token.ApiTokenVerifier;
import org.customervault.api.security.token.ApiTokens;
import org.customervault.api.security.user.ManagedUsers;
import org.customervault.api.security.user.VaultUsers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * HTTP Basic against the configured and the managed users, bearer API tokens and OpenID Connect
 * JWTs ({@link BearerTokens}), limited failed sign-ins ({@link FailedLoginLimit}, 429),
 * the role table of the API contract, problems for 401/403, CORS for the configured origins only
 * ({@link CrossOriginRequests}), and, once a request is authorised, no change of data without a JSON
 * body ({@link JsonWritesOnly}).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final String AGENT = Role.AGENT.name();
    private static final String COMPLIANCE = Role.COMPLIANCE.name();
    private static final String ADMIN = Role.ADMIN.name();
    private static final long VERIFIED_CREDENTIALS = 10_000;
    private static final Duration VERIFIED_CREDENTIALS_AGE = Duration.ofMinutes(5);
    private static final RequestMatcher BEARER = request -> {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    };

    /** Carries the actor {@link ActorMetadata} stamps on each command into its events' metadata. */
    @Bean
    CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(ActorMetadata.KEY);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Those of the configuration, then those ADMIN manages; the controller of the latter needs to tell them apart. */
    @Bean
    VaultUsers users(SecuritySettings settings, DataDirectory data, PasswordEncoder encoder, ManagedUsers managed) {
        return new VaultUsers(ConfiguredUsers.from(settings, data, encoder), managed);
    }

    /**
     * HTTP Basic and bearer tokens (the vault's API tokens, and JWTs when an issuer is configured).
     * Their failed attempts count together against a client's address.
     */
    @Bean
    AuthenticationManager authenticationManager(VaultUsers users, PasswordEncoder encoder, ApiTokens tokens,
                                                SecuritySettings settings, MeterRegistry meters) {
        DaoAuthenticationProvider verifier = new DaoAuthenticationProvider(users);
        verifier.setPasswordEncoder(encoder);
        SecuritySettings.RateLimits limits = settings.rateLimits();
        RateLimit perUser = new RateLimit(limits.failedLoginsPerUser(), limits.maximumKeys(), Ticker.systemTicker());
        RateLimit perAddress = new RateLimit(limits.failedLoginsPerAddress(), limits.maximumKeys(), Ticker.systemTicker());
        Counter refused = RateLimit.refusals(meters, "failed-logins");
        Optional<AuthenticationProvider> jwts = settings.oidc().enabled()
                ? Optional.of(OidcJwts.provider(settings.oidc())) : Optional.empty();
        // The manager erases the password from each result, so the cached results hold none. The
        // limit comes first: a locked name is refused even with credentials verified a moment ago.
        return new ProviderManager(
                new FailedLoginLimit(new VerifiedCredentialsCache(verifier, users, VERIFIED_CREDENTIALS,
                        VERIFIED_CREDENTIALS_AGE), perUser, perAddress, refused),
                new FailedLoginLimit(new BearerTokens(new ApiTokenVerifier(tokens), jwts), perUser, perAddress, refused));
    }

    /** A request the firewall refuses (an encoded ';' in the path, say) is answered as a problem too. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ProblemWriter problems) {
        return (request, response, rejected) -> problems.write(response, HttpStatus.BAD_REQUEST, "Malformed request",
                "The request's path or headers are not allowed.", false);
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemWriter problems, AuthenticationManager authenticationManager,
                            CorsSettings cors) throws Exception {
        if (cors.enabled()) {
            http.addFilter(CrossOriginRequests.filter(cors, problems));
        }
        AuthenticationEntryPoint unauthenticated = (request, response, denied) -> {
            if (denied instanceof FailedLoginLimit.TooManyFailedLogins locked) {
                problems.writeTooManyRequests(response, locked.retryAfter(),
                        "Too many failed sign-ins for this user or from this address; try again after Retry-After seconds.");
            } else if (BEARER.matches(request)) {
                problems.writeBearerRefused(response);
            } else {
                problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                        "Send valid credentials.", true);
            }
        };
        http.authenticationManager(authenticationManager)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthenticated))
                .oauth2ResourceServer(bearer -> bearer
                        .authenticationManagerResolver(request -> authenticationManager)
                        .authenticationEntryPoint(unauthenticated))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler((request, response, denied) ->
                                problems.write(response, HttpStatus.FORBIDDEN, "Forbidden",
                                        "Your role does not allow this operation.", false)))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/actuator/health").permitAll()
                        .requestMatchers("/actuator/**").hasRole(ADMIN)
                        .requestMatchers("/api/v1/admin/**").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/customers/*").hasAnyRole(COMPLIANCE, ADMIN)
                        .requestMatchers("/api/v1/customers/*/export", "/api/v1/customers/*/restriction",
                                "/api/v1/customers/*/legal-hold",
                                "/api/v1/compliance/**").hasAnyRole(COMPLIANCE, ADMIN)
                        .requestMatchers("/api/v1/**").hasAnyRole(AGENT, COMPLIANCE, ADMIN)
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**").authenticated()
                        .requestMatchers(HttpMethod.GET, "/api-docs", "/swagger-ui/**").authenticated()
                        .requestMatchers("/error").permitAll()
                        .anyRequest().denyAll())
                .addFilterAfter(new JsonWritesOnly(problems), AuthorizationFilter.class);
        return http.build();
    }
}
