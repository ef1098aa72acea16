package org.customervault.domain.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

class VaultJsonTest {

    private final JacksonSerializer serializer = VaultJson.serializer();

    @Test
    void canResolveEveryStoredTypeAgainAsAxonDoes() {
        SerializedType metaData = serializer.typeForClass(MetaData.class);
        SerializedType unknown = new SimpleSerializedType("org.example.NoSuchEvent", null);

        for (int read = 0; read < 2; read++) {
            assertThat(serializer.classForType(metaData)).isEqualTo(MetaData.class);
            assertThat(serializer.classForType(unknown)).isEqualTo(UnknownSerializedType.class);
            assertThat(serializer.classForType(SimpleSerializedType.emptyType())).isEqualTo(Void.class);
        }
    }
}
