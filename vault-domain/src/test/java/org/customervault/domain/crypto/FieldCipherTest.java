package org.customervault.domain.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldCipherTest {

    private static final String SUBJECT = "0b6f3c3e-52a4-4d7e-9f4c-2f1f0c7a9a11";
    private static final String PLACE = "CustomerRegisteredEvent.email";
    private static final String EVENT = "5d0c2a8e-7f31-4c55-9e0b-8a1d2c3b4a50";
    private static final String OTHER_EVENT = "e7b9f1a2-3c4d-4e5f-8a6b-7c8d9e0f1a2b";
    private static final byte[] PLAINTEXT = "\"jose@example.com\"".getBytes(StandardCharsets.UTF_8);

    private final FieldCipher cipher = new FieldCipher();
    private final DataKey key = newKey("k-1");

    private static DataKey newKey(String id) {
        byte[] material = new byte[DataKey.KEY_BYTES];
        new SecureRandom().nextBytes(material);
        return new DataKey(id, 1, material);
    }

    @Test
    void roundTrips() {
        Envelope envelope = cipher.encrypt(key, PLAINTEXT, SUBJECT, PLACE);

        assertThat(envelope.keyId()).isEqualTo("k-1");
        assertThat(envelope.keyVersion()).isEqualTo(1);
        assertThat(cipher.decrypt(key, Envelope.decode(envelope.encode()), SUBJECT, PLACE)).isEqualTo(PLAINTEXT);
    }

    @Test
    void theEnvelopeHoldsNoPlaintext() {
        String encoded = cipher.encrypt(key, PLAINTEXT, SUBJECT, PLACE).encode();

        assertThat(encoded).startsWith("cv1:k-1:1:").doesNotContain("jose");
    }

    @Test
    void rejectsAFlippedCiphertextBit() {
        Envelope envelope = cipher.encrypt(key, PLAINTEXT, SUBJECT, PLACE);
        byte[] sealed = envelope.sealed().clone();
        sealed[FieldCipher.NONCE_BYTES] ^= 0x01;

        assertThatThrownBy(() -> cipher.decrypt(key, new Envelope("k-1", 1, sealed), SUBJECT, PLACE))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void rejectsAFlippedTag() {
        Envelope envelope = cipher.encrypt(key, PLAINTEXT, SUBJECT, PLACE);
        byte[] sealed = envelope.sealed().clone();
        sealed[sealed.length - 1] ^= (byte) 0x80;

        assertThatThrownBy(() -> cipher.decrypt(key, new Envelope("k-1", 1, sealed), SUBJECT, PLACE))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void rejectsAFlippedNonce() {
        Envelope envelope = cipher.encrypt(key, PLAINTEXT, SUBJECT, PLACE);
        byte[] sealed = envelope.sealed().clone();
        sealed[0] ^= 0x01;

        assertThatThrownBy(() -> cipher.decrypt(key, new Envelope("k-1", 1, sealed), SUBJECT, PLACE))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void rejectsAValueMovedToAnotherSubject() {
        Envelope envelope = cipher.encrypt(key, PLAINTEXT, SUBJECT, PLACE);

        assertThatThrownBy(() -> cipher.decrypt(key, envelope, "9a1e1c2d-0000-4000-8000-000000000000", PLACE))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void rejectsAValueMovedToAnotherField() {
        Envelope envelope = cipher.encrypt(key, PLAINTEXT, SUBJECT, PLACE);

        assertThatThrownBy(() -> cipher.decrypt(key, envelope, SUBJECT, "CustomerRegisteredEvent.phone"))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void rejectsTheWrongKey() {
        Envelope envelope = cipher.encrypt(key, PLAINTEXT, SUBJECT, PLACE);
        DataKey otherWithSameName = newKey("k-1");

        assertThatThrownBy(() -> cipher.decrypt(otherWithSameName, envelope, SUBJECT, PLACE))
                .isInstanceOf(DecryptionFailedException.class);
        assertThatThrownBy(() -> cipher.decrypt(newKey("k-2"), envelope, SUBJECT, PLACE))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void rejectsARelabelledKeyVersion() {
        Envelope envelope = cipher.encrypt(key, PLAINTEXT, SUBJECT, PLACE);
        DataKey sameMaterialOtherVersion = new DataKey("k-1", 2, new byte[DataKey.KEY_BYTES]);

        assertThatThrownBy(() -> cipher.decrypt(sameMaterialOtherVersion, new Envelope("k-1", 2, envelope.sealed()), SUBJECT, PLACE))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void rejectsMalformedEnvelopes() {
        for (String malformed : new String[] {"", "cv1", "cv1:k:1", "cv3:k:1:AAAA", "cv1:k:x:AAAA", "cv1:k:1:%%%"}) {
            assertThatThrownBy(() -> Envelope.decode(malformed)).isInstanceOf(DecryptionFailedException.class);
        }
        assertThatThrownBy(() -> cipher.decrypt(key, new Envelope("k-1", 1, new byte[5]), SUBJECT, PLACE))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void aValueOfAnEventIsBoundToThatEvent() {
        Envelope envelope = cipher.encrypt(key, PLAINTEXT, SUBJECT, PLACE, EVENT);

        assertThat(envelope.encode()).startsWith("cv2:k-1:1:").doesNotContain("jose");
        assertThat(cipher.decrypt(key, Envelope.decode(envelope.encode()), SUBJECT, PLACE, EVENT)).isEqualTo(PLAINTEXT);
        assertThatThrownBy(() -> cipher.decrypt(key, envelope, SUBJECT, PLACE, OTHER_EVENT))
                .as("replayed into another event of the same subject and field")
                .isInstanceOf(DecryptionFailedException.class);
        assertThatThrownBy(() -> cipher.decrypt(key, envelope, SUBJECT, PLACE))
                .as("read outside any event").isInstanceOf(DecryptionFailedException.class);
        assertThatThrownBy(() -> cipher.decrypt(key, new Envelope("k-1", 1, envelope.sealed()), SUBJECT, PLACE, EVENT))
                .as("relabelled as a value bound to no event").isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void aValueSealedBeforeEventsWereBoundStillOpensInAnEvent() {
        Envelope envelope = cipher.encrypt(key, PLAINTEXT, SUBJECT, PLACE);

        assertThat(cipher.decrypt(key, envelope, SUBJECT, PLACE, EVENT)).isEqualTo(PLAINTEXT);
        assertThatThrownBy(() -> cipher.decrypt(key, envelope, SUBJECT, "CustomerRegisteredEvent.phone", EVENT))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void aMillionEncryptionsUnderOneKeyRepeatNoNonce() {
        byte[] value = new byte[1];
        Set<ByteBuffer> nonces = new HashSet<>(2_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            byte[] sealed = cipher.encrypt(key, value, SUBJECT, PLACE).sealed();
            nonces.add(ByteBuffer.wrap(Arrays.copyOf(sealed, FieldCipher.NONCE_BYTES)));
        }

        assertThat(nonces).hasSize(1_000_000);
    }
}
