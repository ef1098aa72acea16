package org.customervault.api.subjectrequest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.UUID;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.crypto.SubjectErasedException;
import org.customervault.domain.crypto.VaultJson;
import org.springframework.stereotype.Component;

/**
 * The personal columns of {@code data_subject_request}: each value as JSON, sealed under the key of
 * the request's key subject and bound to the column and the request, so that a value copied to
 * another request or column does not open.
 */
@Component
class SealedFields {

    /** What a personal field of an erased subject reads as, as in histories and exports. */
    static final String ERASED = "erased";

    private final SubjectCipher cipher;
    private final ObjectMapper json = VaultJson.objectMapper();

    SealedFields(SubjectCipher cipher) {
        this.cipher = cipher;
    }

    String seal(String keySubject, UUID request, String column, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return cipher.encrypt(keySubject, place(request, column), json.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + column + " as JSON", e);
        }
    }

    /** The value, or {@code null} if none was stored. */
    <T> Opened<T> open(String keySubject, UUID request, String column, String sealed, Class<T> type) {
        if (sealed == null) {
            return new Opened<>(null, false);
        }
        try {
            return new Opened<>(json.readValue(cipher.decrypt(keySubject, place(request, column), sealed), type), false);
        } catch (SubjectErasedException erased) {
            return new Opened<>(null, true);
        } catch (IOException e) {
            // Jackson's message may quote the decrypted value: keep only the kind of failure.
            throw new IllegalStateException("cannot read " + column + ": " + e.getClass().getSimpleName());
        }
    }

    private static String place(UUID request, String column) {
        return "data_subject_request." + column + "/" + request;
    }

    /** A sealed value opened: {@code erased} when the key that sealed it was destroyed. */
    record Opened<T>(T value, boolean erased) {
    }
}
