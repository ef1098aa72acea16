package org.customervault.infra.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.customervault.domain.crypto.KeyStoreUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which calls are tried again. A server that fails on cue is needed for that, so this one test
 * talks to a scripted HTTP endpoint; everything else runs against a real OpenBao.
 */
class OpenBaoKeyStoreRetryTest {

    private static final String KEY = """
            {"data": {"data": {"keyId": "k1", "version": "1", "material": "%s"}}}"""
            .formatted(Base64.getEncoder().encodeToString(new byte[32]));

    private HttpServer server;
    private final AtomicInteger keyReads = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private volatile int failuresBeforeAnswering;

    @BeforeEach
    void startFlakyServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/auth/token/lookup-self", exchange -> answer(exchange, 200,
                """
                {"data": {"accessor": "a", "creation_time": 0, "creation_ttl": 0, "display_name": "token",
                          "explicit_max_ttl": 0, "id": "test-token", "num_uses": 0, "orphan": true,
                          "path": "auth/token/create", "policies": ["default"], "renewable": false, "ttl": 0}}"""));
        server.createContext("/v1/customer-vault/data/erased/", exchange -> answer(exchange, 404, "{\"errors\": []}"));
        server.createContext("/v1/customer-vault/data/keys/", exchange -> {
            if ("GET".equals(exchange.getRequestMethod())) {
                boolean fail = keyReads.incrementAndGet() <= failuresBeforeAnswering;
                answer(exchange, fail ? 503 : 200, fail ? "{\"errors\": [\"standby\"]}" : KEY);
            } else {
                writes.incrementAndGet();
                answer(exchange, 500, "{\"errors\": [\"internal\"]}");
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void triesAFailedReadAgainWithBackoff() {
        failuresBeforeAnswering = 2;

        assertThat(store(2).keyForReading("subject", "k1", 1).keyId()).isEqualTo("k1");
        assertThat(keyReads).hasValue(3);
    }

    @Test
    void givesUpAfterTheConfiguredRetries() {
        failuresBeforeAnswering = 10;

        assertThatThrownBy(() -> store(2).keyForReading("subject", "k1", 1))
                .isInstanceOf(KeyStoreUnavailableException.class).hasMessageContaining("sealed or unavailable");
        assertThat(keyReads).hasValue(3);
    }

    @Test
    void neverTriesAWriteAgain() {
        failuresBeforeAnswering = 0;
        server.removeContext("/v1/customer-vault/data/keys/");
        server.createContext("/v1/customer-vault/data/keys/", exchange -> {
            if ("GET".equals(exchange.getRequestMethod())) {
                answer(exchange, 404, "{\"errors\": []}");
            } else {
                writes.incrementAndGet();
                answer(exchange, 500, "{\"errors\": [\"internal\"]}");
            }
        });

        assertThatThrownBy(() -> store(2).keyForWriting("new-subject")).isInstanceOf(KeyStoreUnavailableException.class)
                .hasMessageContaining("answered HTTP 500");
        assertThat(writes).hasValue(1);
    }

    private OpenBaoKeyStore store(int readRetries) {
        return new OpenBaoKeyStore(OpenBaoConnection.open(new OpenBaoConnection.Settings(
                "http://127.0.0.1:" + server.getAddress().getPort(), null, "customer-vault", Duration.ofSeconds(2),
                new OpenBaoConnection.Token("test-token"), null, Duration.ofSeconds(1), readRetries)));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
