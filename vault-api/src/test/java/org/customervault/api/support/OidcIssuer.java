package org.customervault.api.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * An OpenID Connect issuer on a loopback port, for as long as the test needs one: its discovery
 * document and its signing key (JWKS) over HTTP, as the vault fetches them from a real issuer, and
 * JWTs signed with that key, or, to be refused, with another key under the same key id.
 */
public final class OidcIssuer implements AutoCloseable {

    private final HttpServer server;
    private final String issuer;
    private final RSAKey key;
    private final RSAKey impostor;

    private OidcIssuer(HttpServer server, RSAKey key, RSAKey impostor) {
        this.server = server;
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/crm";
        this.key = key;
        this.impostor = impostor;
    }

    public static OidcIssuer start() {
        try {
            String kid = UUID.randomUUID().toString();
            RSAKey key = new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
            RSAKey impostor = new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            OidcIssuer oidc = new OidcIssuer(server, key, impostor);
            server.createContext("/realms/crm/.well-known/openid-configuration", exchange -> oidc.reply(exchange, """
                    {"issuer": "%1$s", "jwks_uri": "%1$s/protocol/openid-connect/certs",
                     "token_endpoint": "%1$s/protocol/openid-connect/token",
                     "authorization_endpoint": "%1$s/protocol/openid-connect/auth",
                     "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
                     "response_types_supported": ["code"]}""".formatted(oidc.issuer)));
            server.createContext("/realms/crm/protocol/openid-connect/certs",
                    exchange -> oidc.reply(exchange, new JWKSet(key.toPublicJWK()).toString()));
            server.start();
            return oidc;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** A JWT of this issuer for {@code subject} (none if null), valid from a minute ago until {@code expiresAt} (for ever if null). */
    public String token(String subject, List<String> roles, String audience, Instant expiresAt) {
        return sign(key, issuer, subject, roles, audience, expiresAt);
    }

    /** As {@link #token}, claiming another issuer, signed with this issuer's key. */
    public String tokenClaimingIssuer(String otherIssuer, String subject, List<String> roles, String audience) {
        return sign(key, otherIssuer, subject, roles, audience, Instant.now().plusSeconds(300));
    }

    /** As {@link #token}, signed with a key this issuer does not publish, under the key id it does. */
    public String forgedToken(String subject, List<String> roles, String audience) {
        return sign(impostor, issuer, subject, roles, audience, Instant.now().plusSeconds(300));
    }

    private static String sign(RSAKey with, String issuer, String subject, List<String> roles, String audience,
                               Instant expiresAt) {
        try {
            Instant now = Instant.now();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(),
                    new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(audience)
                            .issueTime(Date.from(now.minusSeconds(60))).notBeforeTime(Date.from(now.minusSeconds(60)))
                            .expirationTime(expiresAt == null ? null : Date.from(expiresAt)).claim("roles", roles)
                            .jwtID(UUID.randomUUID().toString()).build());
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void reply(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
