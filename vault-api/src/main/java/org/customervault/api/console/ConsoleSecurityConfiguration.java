package org.customervault.api.console;

import org.customervault.api.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The console's own filter chain, before the API's: a form sign-in with the API's users, roles and
 * failed sign-in limit (the same {@link AuthenticationManager}), a session, CSRF tokens on every
 * change, and headers that keep the pages to the vault's own scripts and styles. The API's chain stays
 * stateless and without CSRF; this one never answers a path outside the console.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurityConfiguration {

    /** Only the vault's own files: no inline script or style, no other host, no framing. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private static final String COMPLIANCE = Role.COMPLIANCE.name();
    private static final String ADMIN = Role.ADMIN.name();

    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http, AuthenticationManager authenticationManager) throws Exception {
        http.securityMatcher(ConsolePaths.CONSOLE + "/**", ConsolePaths.CONSOLE, "/webjars/**")
                .authenticationManager(authenticationManager)
                .sessionManagement(session -> session
                        .sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                        .sessionFixation(fixation -> fixation.changeSessionId()))
                .formLogin(form -> form
                        .loginPage(ConsolePaths.LOGIN)
                        .loginProcessingUrl(ConsolePaths.LOGIN)
                        .usernameParameter("username")
                        .passwordParameter("password")
                        .defaultSuccessUrl(ConsolePaths.CONSOLE, true)
                        // one message for a wrong name, a wrong password and a locked name: nothing to learn from it
                        .failureUrl(ConsolePaths.LOGIN + "?error")
                        .permitAll())
                .logout(logout -> logout
                        .logoutUrl(ConsolePaths.LOGOUT)
                        .logoutSuccessUrl(ConsolePaths.LOGIN + "?signedOut")
                        .invalidateHttpSession(true)
                        .deleteCookies("JSESSIONID"))
                .exceptionHandling(handling -> handling.accessDeniedPage(ConsolePaths.DENIED))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frame -> frame.deny()))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(ConsolePaths.ASSETS + "/**", "/webjars/**").permitAll()
                        // by path: the sign-in page with ?lang= or ?error too (formLogin's permitAll matches exact URLs);
                        // the refusal page says nothing but that the role does not allow what was asked
                        .requestMatchers(ConsolePaths.LOGIN, ConsolePaths.DENIED).permitAll()
                        .requestMatchers(ConsolePaths.CONSOLE + "/compliance", ConsolePaths.CONSOLE + "/compliance/**")
                                .hasAnyRole(COMPLIANCE, ADMIN)
                        .requestMatchers(ConsolePaths.CONSOLE + "/admin", ConsolePaths.CONSOLE + "/admin/**")
                                .hasRole(ADMIN)
                        .anyRequest().authenticated());
        return http.build();
    }
}
