package org.customervault.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.LogCapture;
import org.customervault.api.support.RunningVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users managed by ADMIN on two nodes of one database: a user created on one node signs in on both; a
 * new password, new roles or the removal hold on the other node at its next request, although it had
 * just verified the old password; passwords are stored as bcrypt only and never logged; the
 * configuration's users cannot be shadowed or changed.
 */
class ManagedUserTest {

    private static final String USERS = "/api/v1/admin/users";
    private static final String MERGE_PATCH = "application/merge-patch+json";

    @TempDir
    static Path root;
    private static RunningVault nodeA;
    private static RunningVault nodeB;
    private static LogCapture log;
    private final Canaries canaries = new Canaries();

    @BeforeAll
    static void start() {
        Path masterKey = root.resolve("shared-keys").resolve("master.key");
        nodeA = RunningVault.start(root.resolve("a"), Map.of("vault.keys.master-key-file", masterKey,
                ApiTokenTest.MANY_FAILURES_ALLOWED, 1000));
        nodeB = RunningVault.start(root.resolve("b"), nodeA.anotherNode(masterKey, Map.of(ApiTokenTest.MANY_FAILURES_ALLOWED, 1000)));
        // the first request initialises the servlet, which logs; the tests look at what requests log
        nodeA.get(ADMIN, USERS);
        nodeB.get(ADMIN, USERS);
        log = LogCapture.attach();
    }

    @AfterAll
    static void stop() {
        log.close();
        nodeB.close();
        nodeA.close();
    }

    @Test
    void aCreatedUserSignsInOnEveryNodeAndItsPasswordIsStoredAsBcryptOnly() {
        log.clear();
        String password = canaries.next("pw");
        RunningVault.Response created = nodeA.post(ADMIN, USERS, """
                {"name": "Marta.Ops", "password": "%s", "roles": ["AGENT"]}""".formatted(password));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.location()).isEqualTo(USERS + "/Marta.Ops");
        assertThat(created.body()).doesNotContain(password).doesNotContain("$2");

        assertThat(nodeA.get("Marta.Ops", password, "/api/v1/customers").status()).isEqualTo(200);
        assertThat(nodeB.get("marta.ops", password, "/api/v1/customers").status())
                .as("names are case-insensitive, as the configuration's are").isEqualTo(200);
        assertThat(nodeB.get("Marta.Ops", password, "/api/v1/compliance/erasures").status()).isEqualTo(403);

        JsonNode listed = nodeB.get(ADMIN, USERS).json();
        assertThat(listed.get("items")).extracting(user -> user.get("name").asText()).contains("Marta.Ops")
                .doesNotContain(AGENT, ADMIN);
        assertThat(nodeB.get(ADMIN, USERS).body()).doesNotContain(password).doesNotContain("$2");

        assertThat(nodeA.jdbc().queryForObject("SELECT password_hash FROM api_user WHERE name = 'Marta.Ops'", String.class))
                .startsWith("$2");
        assertThat(ApiTokenTest.databaseText(nodeA)).doesNotContain(password);
        assertThat(log.requestLines()).noneMatch(line -> line.contains(password));
    }

    @Test
    void aNewPasswordHoldsOnTheOtherNodeAtOnce() {
        String old = canaries.next("pw");
        String changed = canaries.next("pw");
        create("pablo", old, "[\"AGENT\"]");
        assertThat(nodeB.get("pablo", old, "/api/v1/customers").status()).isEqualTo(200);

        RunningVault.Response patched = nodeA.send(ADMIN, "PATCH", USERS + "/pablo",
                "{\"password\": \"%s\"}".formatted(changed), MERGE_PATCH);
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);

        assertThat(nodeB.get("pablo", old, "/api/v1/customers").status())
                .as("node B verified the old password a moment ago; it is refused now").isEqualTo(401);
        assertThat(nodeA.get("pablo", old, "/api/v1/customers").status()).isEqualTo(401);
        assertThat(nodeB.get("pablo", changed, "/api/v1/customers").status()).isEqualTo(200);
        assertThat(ApiTokenTest.databaseText(nodeA)).doesNotContain(old).doesNotContain(changed);
    }

    @Test
    void newRolesHoldOnTheOtherNodeAtOnce() {
        String password = canaries.next("pw");
        create("rocio", password, "[\"AGENT\"]");
        assertThat(nodeB.get("rocio", password, "/api/v1/compliance/erasures").status()).isEqualTo(403);

        assertThat(nodeA.send(ADMIN, "PATCH", USERS + "/rocio", "{\"roles\": [\"COMPLIANCE\"]}", MERGE_PATCH).status())
                .isEqualTo(200);

        assertThat(nodeB.get("rocio", password, "/api/v1/compliance/erasures").status()).isEqualTo(200);
    }

    @Test
    void aRemovedUserIsRefusedOnTheOtherNodeAtOnce() {
        String password = canaries.next("pw");
        create("gone", password, "[\"AGENT\"]");
        assertThat(nodeB.get("gone", password, "/api/v1/customers").status()).isEqualTo(200);

        assertThat(nodeA.send(ADMIN, "DELETE", USERS + "/gone", null, null).status()).isEqualTo(204);

        assertThat(nodeB.get("gone", password, "/api/v1/customers").status()).isEqualTo(401);
        assertThat(nodeA.send(ADMIN, "DELETE", USERS + "/gone", null, null).status()).isEqualTo(404);
    }

    @Test
    void theConfigurationsUsersCannotBeShadowedOrChanged() {
        String password = canaries.next("pw");
        assertThat(nodeA.post(ADMIN, USERS, """
                {"name": "ROOT", "password": "%s", "roles": ["ADMIN"]}""".formatted(password)).status()).isEqualTo(409);
        assertThat(nodeA.send(ADMIN, "PATCH", USERS + "/" + AGENT, "{\"roles\": [\"ADMIN\"]}", MERGE_PATCH).status())
                .isEqualTo(409);
        assertThat(nodeA.send(ADMIN, "DELETE", USERS + "/" + ADMIN, null, null).status()).isEqualTo(409);
        // the name the vault re-applies erasures under after a restore, which a legal hold does not stop
        assertThat(nodeA.post(ADMIN, USERS, """
                {"name": "Key-Store-Fence", "password": "%s", "roles": ["COMPLIANCE"]}""".formatted(password)).status())
                .isEqualTo(409);
        create("twice", password, "[\"AGENT\"]");
        assertThat(nodeB.post(ADMIN, USERS, """
                {"name": "TWICE", "password": "%s", "roles": ["AGENT"]}""".formatted(password)).status()).isEqualTo(409);
    }

    @Test
    void onlyAdminManagesUsers() {
        String password = canaries.next("pw");
        assertThat(nodeA.post(AGENT, USERS, """
                {"name": "sneaky", "password": "%s", "roles": ["ADMIN"]}""".formatted(password)).status()).isEqualTo(403);
        assertThat(nodeA.get(AGENT, USERS).status()).isEqualTo(403);
    }

    @Test
    void aPasswordAgainstTheRulesIsRefusedWithoutBeingEchoedOrLogged() {
        int before = nodeA.jdbc().queryForObject("SELECT count(*) FROM api_user", Integer.class);
        String shortOne = canaries.next("p").substring(0, 11);
        String tooLong = canaries.next("long") + "x".repeat(72);
        String withName = "lucia-" + canaries.next("pw");
        for (String body : List.of(
                "{\"name\": \"lucia\", \"password\": \"%s\", \"roles\": [\"AGENT\"]}".formatted(shortOne),
                "{\"name\": \"lucia\", \"password\": \"%s\", \"roles\": [\"AGENT\"]}".formatted(tooLong),
                "{\"name\": \"lucia\", \"password\": \"%s\", \"roles\": [\"AGENT\"]}".formatted(withName),
                "{\"name\": \"lucia\", \"password\": \"%s\", \"roles\": [\"SUPERUSER\"]}".formatted(canaries.next("pw")),
                "{\"name\": \"lu:cia\", \"password\": \"%s\", \"roles\": [\"AGENT\"]}".formatted(canaries.next("pw")),
                "{\"name\": \"lucia\", \"password\": 123456789012345, \"roles\": [\"AGENT\"]}")) {
            log.clear();
            RunningVault.Response refused = nodeA.post(ADMIN, USERS, body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            for (String canary : canaries.values()) {
                assertThat(refused.body()).doesNotContain(canary);
            }
            log.assertQuiet(body, canaries.values().toArray(String[]::new));
        }
        assertThat(nodeA.jdbc().queryForObject("SELECT count(*) FROM api_user", Integer.class)).isEqualTo(before);
    }

    private static void create(String name, String password, String roles) {
        RunningVault.Response created = nodeA.post(ADMIN, USERS, """
                {"name": "%s", "password": "%s", "roles": %s}""".formatted(name, password, roles));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
}
