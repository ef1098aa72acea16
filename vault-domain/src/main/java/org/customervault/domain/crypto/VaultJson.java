package org.customervault.domain.crypto;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/** The JSON form of everything the vault stores through Axon: ISO-8601 times, records as objects. */
public final class VaultJson {

    private VaultJson() {
    }

    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    public static JacksonSerializer serializer() {
        return new ClassRemembering(JacksonSerializer.builder().objectMapper(objectMapper()));
    }

    /**
     * Remembers the class of each stored type name: Axon's own lookup is a {@code Class.forName} for
     * every payload and every metadata read, a tenth of a read model's time in a replay.
     */
    private static final class ClassRemembering extends JacksonSerializer {

        private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

        ClassRemembering(Builder builder) {
            super(builder);
        }

        @Override
        public Class classForType(SerializedType type) {
            return classes.computeIfAbsent(type.getName(), name -> super.classForType(type));
        }
    }
}
