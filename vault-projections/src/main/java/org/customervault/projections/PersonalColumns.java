package org.customervault.projections;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.customervault.domain.crypto.SubjectCipher;
import org.customervault.domain.crypto.VaultJson;
import org.customervault.domain.customer.CustomerId;

/**
 * Personal columns of read-model tables: each value as JSON, encrypted under the customer's key
 * and bound to its table, column and customer.
 */
public final class PersonalColumns {

    private final SubjectCipher cipher;
    private final ObjectMapper json = VaultJson.objectMapper();

    public PersonalColumns(SubjectCipher cipher) {
        this.cipher = cipher;
    }

    public String seal(CustomerId customer, String column, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return cipher.encrypt(customer.value(), column, json.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + column + " as JSON", e);
        }
    }

    public <T> T open(CustomerId customer, String column, String sealed, Class<T> type) {
        if (sealed == null) {
            return null;
        }
        try {
            return json.readValue(cipher.decrypt(customer.value(), column, sealed), type);
        } catch (IOException e) {
            // Jackson's message may quote the decrypted value: keep only the kind of failure.
            throw new IllegalStateException("cannot read " + column + ": " + e.getClass().getSimpleName());
        }
    }
}
