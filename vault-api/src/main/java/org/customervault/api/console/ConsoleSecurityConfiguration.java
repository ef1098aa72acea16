package org.customervault.api.console;

import java.util.LinkedHashMap;
import org.customervault.api.security.Role;
import org.customervault.api.security.user.VaultUsers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.DelegatingAccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.NullRequestCache;

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
    SecurityFilterChain console(HttpSecurity http, AuthenticationManager authenticationManager,
                                VaultUsers users) throws Exception {
        SignedInUserCheck signedInUsers = new SignedInUserCheck(users);
        SimpleUrlAuthenticationSuccessHandler toTheConsole = new SimpleUrlAuthenticationSuccessHandler(ConsolePaths.CONSOLE);
        toTheConsole.setAlwaysUseDefaultTargetUrl(true);
        AccessDeniedHandlerImpl refusal = new AccessDeniedHandlerImpl();
        refusal.setErrorPage(ConsolePaths.DENIED);
        LinkedHashMap<Class<? extends AccessDeniedException>, AccessDeniedHandler> byKind = new LinkedHashMap<>();
        // a form posted after its session ended carries a token no session knows: sign in again; a post
        // without a token in a live session is refused
        byKind.put(CsrfException.class, (request, response, denied) -> {
            if (request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid()) {
                response.sendRedirect(request.getContextPath() + ConsolePaths.LOGIN + "?expired");
            } else {
                refusal.handle(request, response, denied);
            }
        });
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
                        .successHandler((request, response, signedIn) -> {
                            signedInUsers.signedIn(request, signedIn);
                            toTheConsole.onAuthenticationSuccess(request, response, signedIn);
                        })
                        // one message for a wrong name, a wrong password and a locked name: nothing to learn from it
                        .failureUrl(ConsolePaths.LOGIN + "?error")
                        .permitAll())
                .logout(logout -> logout
                        .logoutUrl(ConsolePaths.LOGOUT)
                        .logoutSuccessUrl(ConsolePaths.LOGIN + "?signedOut")
                        .invalidateHttpSession(true)
                        .deleteCookies("JSESSIONID"))
                // the sign-in always leads to /console: no page asked for before it is kept in a session
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                .addFilterBefore(signedInUsers, AuthorizationFilter.class)
                .exceptionHandling(handling -> handling.accessDeniedHandler(new DelegatingAccessDeniedHandler(byKind,
                        refusal)))
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
