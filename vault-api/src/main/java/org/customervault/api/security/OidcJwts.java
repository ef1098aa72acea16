package org.customervault.api.security;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Bearer JWTs of the configured OpenID Connect issuer: signed by one of the keys its discovery
 * document points to, issued by it ({@code iss}), within their time, and, if an audience is
 * configured, for it. The actor they are recorded as is {@code oidc:<sub>}, apart from every user
 * and token name.
 */
final class OidcJwts {

    static final String ACTOR_PREFIX = "oidc:";
    private static final Set<String> ROLES = Arrays.stream(Role.values()).map(Role::name).collect(Collectors.toSet());

    private OidcJwts() {
    }

    static JwtAuthenticationProvider provider(SecuritySettings.Oidc oidc) {
        // The discovery document and the keys are fetched at the first JWT, so the vault starts while
        // the issuer is down, and a key the issuer rotates in is fetched when a JWT names it.
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(oidc.issuerUri()).build();
        // Spring's defaults accept a JWT without exp (valid for ever) and one without sub (no actor)
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(oidc.issuerUri()),
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, subject -> subject != null && !subject.isBlank()),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        audiences -> audiences != null && audiences.contains(oidc.audience()))));
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(jwt -> new JwtAuthenticationToken(jwt,
                roles(jwt.getClaim(oidc.rolesClaim())), ACTOR_PREFIX + jwt.getSubject()));
        return provider;
    }

    /** The vault's roles named in the claim; other names (the issuer's roles for other systems) are ignored. */
    static List<GrantedAuthority> roles(Object claim) {
        Stream<String> names;
        if (claim == null) {
            names = Stream.empty();
        } else if (claim instanceof Collection<?> list) {
            names = list.stream().map(String::valueOf);
        } else {
            names = Arrays.stream(String.valueOf(claim).split("[\\s,]+"));
        }
        // names as the vault writes them, no case folded: "admin" of another system is not ADMIN
        return names.map(String::trim).filter(ROLES::contains).distinct()
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
    }
}
