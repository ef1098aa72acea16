package org.customervault.api.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.Jws;
import org.customervault.api.support.PrivateKeyTraces;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Erasure certificates signed by the deployment's signing key (local key store): verified with
 * BouncyCastle against the published key, refused once a field changed, the same key after a
 * restart on another node sharing the master key file, the private key nowhere in PostgreSQL's
 * files, and the offline recipes of docs/rights.md run as written.
 */
class SignedCertificateTest {

    private static final Path RIGHTS = Path.of("..", "docs", "rights.md");

    @TempDir
    Path root;

    @Test
    void aCompletedCertificateIsSignedAndVerifiesWithThePublishedKeyOnly() throws Exception {
        Path masterKey = root.resolve("shared-keys").resolve("master.key");
        JsonNode published;
        String signed;
        String forged;
        String subjectId;
        try (RunningVault vault = RunningVault.start(root.resolve("a"), Map.of("vault.keys.master-key-file", masterKey))) {
            String id = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Firma Verificable\"}").json().get("id").asText();
            Response erasure = vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + id, null, null);
            assertThat(erasure.status()).as(erasure.body()).isEqualTo(200);
            JsonNode certificate = erasure.json();

            Response signingKey = vault.get(COMPLIANCE, "/api/v1/compliance/signing-key");
            assertThat(signingKey.status()).as(signingKey.body()).isEqualTo(200);
            published = signingKey.json();
            assertThat(vault.get(ADMIN, "/api/v1/compliance/signing-key").json()).isEqualTo(published);
            assertThat(vault.get(AGENT, "/api/v1/compliance/signing-key").status()).isEqualTo(403);
            assertThat(vault.get(null, "/api/v1/compliance/signing-key").status()).isEqualTo(401);
            assertThat(published.get("algorithm").asText()).isEqualTo("EdDSA");
            assertThat(published.get("pem").asText()).startsWith("-----BEGIN PUBLIC KEY-----\n")
                    .endsWith("-----END PUBLIC KEY-----\n");
            assertThat(published.at("/jwk/kty").asText()).isEqualTo("OKP");
            assertThat(published.at("/jwk/crv").asText()).isEqualTo("Ed25519");
            assertThat(published.at("/jwk/kid").asText()).isEqualTo(published.get("kid").asText());

            Jws jws = Jws.parse(certificate.get("signature").asText());
            assertThat(jws.verifiesWithPem(published.get("pem").asText())).as("verifies with the PEM").isTrue();
            assertThat(jws.verifiesWithJwkX(published.at("/jwk/x").asText())).as("verifies with the JWK").isTrue();
            assertThat(jws.headerJson().get("alg").asText()).isEqualTo("EdDSA");
            assertThat(jws.headerJson().get("kid").asText()).isEqualTo(published.get("kid").asText());
            assertThat(jws.headerJson().get("typ").asText()).isEqualTo("erasure-certificate+json");
            assertSignedFormIs(jws.payloadJson(), certificate);

            ObjectNode laterErasure = jws.payloadJson().deepCopy();
            laterErasure.put("erasedAt", Instant.parse(laterErasure.get("erasedAt").asText()).plusSeconds(1).toString());
            assertThat(jws.withPayload(laterErasure).verifiesWithPem(published.get("pem").asText()))
                    .as("a changed erasedAt fails verification").isFalse();
            ObjectNode lessPurged = jws.payloadJson().deepCopy();
            ((ArrayNode) lessPurged.get("purged")).remove(0);
            assertThat(jws.withPayload(lessPurged).verifiesWithPem(published.get("pem").asText()))
                    .as("a changed purged list fails verification").isFalse();

            assertThat(vault.send(ADMIN, "DELETE", "/api/v1/customers/" + id, null, null).json())
                    .as("asking again answers the same signed certificate").isEqualTo(certificate);
            assertThat(vault.get(COMPLIANCE, "/api/v1/compliance/erasures").json().get(0)).isEqualTo(certificate);

            signed = certificate.get("signature").asText();
            forged = jws.withPayload(lessPurged).compact();
            subjectId = id;
            vault.superuserJdbc().execute("CHECKPOINT");
        }

        assertThat(Files.getPosixFilePermissions(masterKey.resolveSibling("signing.key")))
                .as("the signing key lives beside the master key, owner-only")
                .containsExactlyInAnyOrderElementsOf(Files.getPosixFilePermissions(masterKey));
        assertThat(PrivateKeyTraces.foundIn(Canaries.filesUnder(root.resolve("a").resolve("pg")),
                privateKey(masterKey.resolveSibling("signing.key"))))
                .as("the private signing key in any form in PostgreSQL's files (tables, WAL)").isEmpty();

        try (RunningVault otherNode = RunningVault.start(root.resolve("b"), Map.of("vault.keys.master-key-file", masterKey))) {
            assertThat(otherNode.get(COMPLIANCE, "/api/v1/compliance/signing-key").json())
                    .as("a restarted node sharing the master key file publishes the same key").isEqualTo(published);
        }

        assertTheRecipesOfTheRightsPage(signed, forged, published.get("pem").asText(), subjectId);
    }

    private static byte[] privateKey(Path keyFile) throws Exception {
        Matcher block = Pattern.compile("-----BEGIN PRIVATE KEY-----(.*?)-----END PRIVATE KEY-----", Pattern.DOTALL)
                .matcher(Files.readString(keyFile));
        assertThat(block.find()).isTrue();
        return Base64.getMimeDecoder().decode(block.group(1));
    }

    private static void assertSignedFormIs(JsonNode signed, JsonNode certificate) {
        assertThat(signed.fieldNames()).toIterable()
                .containsExactly("subjectId", "requestedAt", "requestedBy", "erasedAt", "keyIds", "purged", "nodes");
        assertThat(signed.get("subjectId")).isEqualTo(certificate.get("subjectId"));
        assertThat(signed.get("requestedBy")).isEqualTo(certificate.get("requestedBy"));
        assertThat(signed.get("purged")).isEqualTo(certificate.get("purged"));
        assertThat(signed.get("keyIds").get(0).asText()).isEqualTo(certificate.get("keyId").asText());
        assertThat(signed.get("nodes")).as("what each node did is signed").hasSize(certificate.get("nodes").size());
        for (int node = 0; node < signed.get("nodes").size(); node++) {
            JsonNode signedNode = signed.get("nodes").get(node);
            JsonNode answeredNode = certificate.get("nodes").get(node);
            assertThat(signedNode.get("node")).isEqualTo(answeredNode.get("node"));
            assertThat(signedNode.get("keyCache").asText()).isEqualTo(answeredNode.get("keyCache").asText()).isEqualTo("evicted");
            assertThat(Instant.parse(signedNode.get("at").asText())).isEqualTo(Instant.parse(answeredNode.get("at").asText()));
        }
        for (String instant : List.of("requestedAt", "erasedAt")) {
            assertThat(signed.get(instant).asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
            assertThat(Instant.parse(signed.get(instant).asText())).isEqualTo(Instant.parse(certificate.get(instant).asText()));
        }
    }

    /** The shell (openssl) and Python recipes of docs/rights.md, copied from the page, on a good and a forged certificate. */
    private void assertTheRecipesOfTheRightsPage(String signed, String forged, String pem, String subjectId) throws Exception {
        String page = Files.readString(RIGHTS);
        String section = page.substring(page.indexOf("### Verifying a certificate offline"));
        List<String> openssl = List.of("bash", "-euo", "pipefail", "-c", block(section, "sh"));
        List<String> python = List.of("python3", "-c", block(section, "python"));
        Assumptions.assumeTrue(run(List.of("openssl", "version"), root).output().startsWith("OpenSSL 3"),
                "the shell recipe needs OpenSSL 3");
        Assumptions.assumeTrue(run(List.of("python3", "-c", "import cryptography"), root).status() == 0,
                "the Python recipe needs the cryptography package");
        for (List<String> recipe : List.of(openssl, python)) {
            Path directory = Files.createTempDirectory(root, "offline");
            Files.writeString(directory.resolve("signing-key.pem"), pem);
            Files.writeString(directory.resolve("certificate.jws"), signed + "\n");
            Run good = run(recipe, directory);
            assertThat(good.status()).as(good.output()).isZero();
            assertThat(good.output()).contains(subjectId);
            Files.writeString(directory.resolve("certificate.jws"), forged + "\n");
            Run bad = run(recipe, directory);
            assertThat(bad.status()).as("the forged certificate: " + bad.output()).isNotZero();
        }
    }

    private static String block(String markdown, String language) {
        Matcher block = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        assertThat(block.find()).as("a ```" + language + " block in docs/rights.md").isTrue();
        return block.group(1);
    }

    private record Run(int status, String output) {
    }

    private static Run run(List<String> command, Path directory) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
