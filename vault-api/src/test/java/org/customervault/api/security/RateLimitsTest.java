package org.customervault.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;
import static org.customervault.api.support.RunningVault.PASSWORD;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches per user and failed sign-ins per user name and per address are limited: beyond the
 * limit, 429 with Retry-After, and for sign-ins even the right password, until the window passes.
 * The sign-in windows are a few seconds here, so the tests can wait for them to pass, and long enough that
 * the failures before the refused one stay inside the window on a busy machine.
 */
class RateLimitsTest {

    private static final Duration SIGN_IN_WINDOW = Duration.ofSeconds(8);
    private static final String CANARY_QUERY = "cnrylimit" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path dataDir;
    private static RunningVault vault;
    private static String customer;

    @BeforeAll
    static void start() {
        vault = RunningVault.start(dataDir, Map.of(
                "vault.security.rate-limits.failed-logins-per-user.window", SIGN_IN_WINDOW.toMillis() + "ms",
                "vault.security.rate-limits.failed-logins-per-address.limit", 8,
                "vault.security.rate-limits.failed-logins-per-address.window", SIGN_IN_WINDOW.toMillis() + "ms"));
        customer = "/api/v1/customers/" + vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Rita Limit\"}")
                .json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    @Test
    void theThirtyFirstSearchInAMinuteIsRefusedWithRetryAfter() {
        for (int i = 1; i <= 30; i++) {
            assertThat(vault.get(AGENT, "/api/v1/customers?q=" + CANARY_QUERY).status()).as("search %d", i).isEqualTo(200);
        }

        Response refused = vault.get(AGENT, "/api/v1/customers?q=" + CANARY_QUERY);

        assertTooManyRequests(refused, 60);
        assertThat(refused.body()).doesNotContain(CANARY_QUERY, AGENT);
        assertThat(vault.get(AGENT, "/api/v1/customers").status()).as("listing is not searching").isEqualTo(200);
        assertTooManyRequests(vault.get(AGENT, "/api/v1/customers?sort=name"), 60);
        assertThat(vault.get(AGENT, customer).status()).as("only searches are limited").isEqualTo(200);
        assertThat(vault.get(COMPLIANCE, "/api/v1/customers?q=" + CANARY_QUERY).status()).as("per user").isEqualTo(200);
        assertThat(refusals("searches")).isPositive();
    }

    @Test
    void theSixthFailedSignInIsRefusedAndSoIsTheRightPasswordUntilTheWindowPasses() {
        for (int i = 1; i <= 5; i++) {
            assertThat(vault.get(COMPLIANCE, "wrong-" + i, customer).status()).as("failure %d", i).isEqualTo(401);
        }

        Response sixth = vault.get(COMPLIANCE, "wrong-6", customer);
        Response right = vault.get(COMPLIANCE, PASSWORD, customer);

        assertTooManyRequests(sixth, SIGN_IN_WINDOW.toSeconds());
        assertTooManyRequests(right, SIGN_IN_WINDOW.toSeconds());
        assertThat(right.body()).doesNotContain(COMPLIANCE);
        assertThat(vault.get(AGENT, PASSWORD, customer).status()).as("another user from the same address").isEqualTo(200);
        assertThat(refusals("failed-logins")).isGreaterThanOrEqualTo(2);
        await().atMost(SIGN_IN_WINDOW.multipliedBy(3)).until(() -> vault.get(COMPLIANCE, PASSWORD, customer).status() == 200);
    }

    @Test
    void anAddressThatTriesManyNamesIsRefusedForEveryName() {
        for (int i = 1; i <= 8; i++) {
            assertThat(vault.get("nobody-" + i, "guess", customer).status()).as("failure %d", i).isEqualTo(401);
        }

        assertTooManyRequests(vault.get("nobody-9", "guess", customer), SIGN_IN_WINDOW.toSeconds());
        assertTooManyRequests(vault.get(AGENT, PASSWORD, customer), SIGN_IN_WINDOW.toSeconds());
        await().atMost(SIGN_IN_WINDOW.multipliedBy(3)).until(() -> vault.get(AGENT, PASSWORD, customer).status() == 200);
    }

    private static double refusals(String limit) {
        return vault.bean(MeterRegistry.class).get("vault.rate.limited").tag("limit", limit).counter().count();
    }

    private static void assertTooManyRequests(Response response, long longestWaitSeconds) {
        assertThat(response.status()).as(response.body()).isEqualTo(429);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(429);
        assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, longestWaitSeconds);
        assertThat(response.header("WWW-Authenticate")).isNull();
    }
}
