package org.customervault.domain.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.customervault.domain.crypto.VaultJson;
import org.junit.jupiter.api.Test;

/** A customer id holds its UUID and is written as the UUID's canonical text, as stored events have it. */
class CustomerIdTest {

    private static final String STORED = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private final ObjectMapper json = VaultJson.objectMapper();

    @Test
    void isWrittenAsTheTextItWasAlwaysWrittenAs() throws Exception {
        CustomerId id = CustomerId.of(STORED);
        assertThat(json.writeValueAsString(id)).isEqualTo("\"" + STORED + "\"");
        assertThat(id.toString()).isEqualTo(STORED);
        assertThat(id.value()).isEqualTo(STORED);
        assertThat(id.uuid()).isEqualTo(UUID.fromString(STORED));
    }

    @Test
    void isReadFromThatText() throws Exception {
        assertThat(json.readValue("\"" + STORED + "\"", CustomerId.class)).isEqualTo(new CustomerId(UUID.fromString(STORED)));
    }

    @Test
    void upperCaseTextIsTheSameCustomer() {
        assertThat(CustomerId.of(STORED.toUpperCase()).value()).isEqualTo(STORED);
    }

    @Test
    void cannotBeAnythingButAUuid() {
        assertThatThrownBy(() -> CustomerId.of("not-a-uuid")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a customer id is a UUID");
        assertThatThrownBy(() -> CustomerId.of(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
