package org.customervault.api.security;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.customervault.api.config.DataDirectory;
import org.customervault.api.problem.ProblemWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * HTTP Basic against the configured users, limited failed sign-ins ({@link FailedLoginLimit}, 429),
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

    /** Carries the actor {@link ActorMetadata} stamps on each command into its events' metadata. */
    @Bean
    CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(ActorMetadata.KEY);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(SecuritySettings settings, DataDirectory data, PasswordEncoder encoder) {
        return ConfiguredUsers.from(settings, data, encoder);
    }

    @Bean
    AuthenticationManager authenticationManager(UserDetailsService users, PasswordEncoder encoder,
                                                SecuritySettings settings, MeterRegistry meters) {
        DaoAuthenticationProvider verifier = new DaoAuthenticationProvider(users);
        verifier.setPasswordEncoder(encoder);
        SecuritySettings.RateLimits limits = settings.rateLimits();
        // The manager erases the password from each result, so the cached results hold none. The
        // limit comes first: a locked name is refused even with credentials verified a moment ago.
        return new ProviderManager(new FailedLoginLimit(
                new VerifiedCredentialsCache(verifier, VERIFIED_CREDENTIALS, VERIFIED_CREDENTIALS_AGE),
                new RateLimit(limits.failedLoginsPerUser(), limits.maximumKeys(), Ticker.systemTicker()),
                new RateLimit(limits.failedLoginsPerAddress(), limits.maximumKeys(), Ticker.systemTicker()),
                RateLimit.refusals(meters, "failed-logins")));
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
        http.authenticationManager(authenticationManager)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, denied) -> {
                    if (denied instanceof FailedLoginLimit.TooManyFailedLogins locked) {
                        problems.writeTooManyRequests(response, locked.retryAfter(),
                                "Too many failed sign-ins for this user or from this address; try again after Retry-After seconds.");
                    } else {
                        problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                                "Send valid credentials.", true);
                    }
                }))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, denied) ->
                                problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                                        "Send valid credentials.", true))
                        .accessDeniedHandler((request, response, denied) ->
                                problems.write(response, HttpStatus.FORBIDDEN, "Forbidden",
                                        "Your role does not allow this operation.", false)))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/actuator/health").permitAll()
                        .requestMatchers("/actuator/**").hasRole(ADMIN)
                        .requestMatchers("/api/v1/admin/**").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/customers/*").hasAnyRole(COMPLIANCE, ADMIN)
                        .requestMatchers("/api/v1/customers/*/export", "/api/v1/customers/*/restriction",
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
