package org.customervault.domain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519SigningKeyTest {

    /** The key of RFC 8037, appendix A.1, as PKCS#8 and X.509 (RFC 8410 prefixes). */
    private static final byte[] RFC_8037_PRIVATE = der("302e020100300506032b657004220420",
            "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A");
    private static final byte[] RFC_8037_PUBLIC = der("302a300506032b6570032100",
            "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");

    @Test
    void theKeyIdIsTheJwkThumbprintOfRfc7638() {
        Ed25519SigningKey key = Ed25519SigningKey.fromEncoded(RFC_8037_PRIVATE, RFC_8037_PUBLIC);

        assertThat(key.keyId()).as("RFC 8037, appendix A.3").isEqualTo("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(key.publicKeyBytes()))
                .isEqualTo("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
    }

    @Test
    void signsAsRfc8032Prescribes() {
        Ed25519SigningKey key = Ed25519SigningKey.fromEncoded(RFC_8037_PRIVATE, RFC_8037_PUBLIC);
        String signingInput = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";

        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(key.sign(signingInput.getBytes())))
                .as("RFC 8037, appendix A.4").isEqualTo(
                        "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
    }

    @Test
    void cannotLoadAPrivateKeyWithAnotherKeysPublicHalf() {
        Ed25519SigningKey other = Ed25519SigningKey.generate();

        assertThatThrownBy(() -> Ed25519SigningKey.fromEncoded(RFC_8037_PRIVATE, other.publicKey().getEncoded()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the private and the public signing key do not belong together");
    }

    private static byte[] der(String prefix, String base64Url) {
        byte[] head = HexFormat.of().parseHex(prefix);
        byte[] key = Base64.getUrlDecoder().decode(base64Url);
        byte[] der = new byte[head.length + key.length];
        System.arraycopy(head, 0, der, 0, head.length);
        System.arraycopy(key, 0, der, head.length, key.length);
        return der;
    }
}
