package org.customervault.infra.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real single-node KRaft Kafka broker in a process of its own, started and stopped through
 * {@code infra/local/kafka} (jars from Maven Central), so that tests can stop it mid-stream.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path state;
    private final LocalScript script;
    private final String bootstrapServers;

    private KafkaBroker(Path state, LocalScript script, String bootstrapServers) {
        this.state = state;
        this.script = script;
        this.bootstrapServers = bootstrapServers;
    }

    public static KafkaBroker start(Path state) {
        List<Integer> ports = LocalScript.freePorts(2);
        LocalScript script = new LocalScript("kafka", Map.of("KAFKA_STATE_DIR", state.toString(),
                "KAFKA_PORT", String.valueOf(ports.get(0)),
                "KAFKA_CONTROLLER_PORT", String.valueOf(ports.get(1))), List.of("KAFKA_BOOTSTRAP_SERVERS"));
        String bootstrapServers = LocalScript.exports(script.run(List.of("start"))).get("KAFKA_BOOTSTRAP_SERVERS");
        return new KafkaBroker(state, script, bootstrapServers);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Where the broker keeps its log segments, for the canary sweep. */
    public Path dataDirectory() {
        return state.resolve("data");
    }

    public void stop() {
        script.run(List.of("stop"));
    }

    /** Starts again on the same port with the same data. */
    public void restart() {
        script.run(List.of("start"));
    }

    @Override
    public void close() {
        stop();
    }
}
