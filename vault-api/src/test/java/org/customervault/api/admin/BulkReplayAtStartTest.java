package org.customervault.api.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.Seeder;
import org.customervault.domain.customer.api.RegisterCustomerCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A node that starts on a database whose events its read models never saw (their processors have no
 * tokens) replays them in bulk by itself, with every row in place afterwards; a node that starts on
 * an empty store, or on read models that have their tokens, does not.
 */
@ExtendWith(OutputCaptureExtension.class)
class BulkReplayAtStartTest {

    private static final int CUSTOMERS = 30;
    private static final String STARTED = "started by " + BulkReplayAtStart.STARTED_BY;

    @TempDir
    Path dataDir;

    @Test
    void aNodeStartingWithEmptyReadModelsReplaysThemInBulk(CapturedOutput output) throws Exception {
        Map<String, Object> settings = Map.of("vault.rebuild.chunk-events", 7);
        try (RunningVault vault = RunningVault.start(dataDir, settings)) {
            Seeder.register(vault, CUSTOMERS, (id, n) -> new RegisterCustomerCommand(id, "Cliente Número " + n,
                    "cliente" + n + "@example.com", null, null, null, null, null));
            vault.awaitReadModels();
            assertThat(output.getOut()).as("an empty store: nothing to replay").doesNotContain(STARTED);
            // as a new database restored from the events alone would be: no read model, no token
            EventProcessingConfiguration processing = vault.bean(EventProcessingConfiguration.class);
            ProjectionProgress.PROCESSORS.forEach(name ->
                    processing.eventProcessor(name, TrackingEventProcessor.class).orElseThrow().shutDown());
            vault.superuserJdbc().update("DELETE FROM tokenentry WHERE processorname = ANY (?)",
                    (Object) ProjectionProgress.PROCESSORS.toArray(String[]::new));
            vault.superuserJdbc().execute("TRUNCATE customer_view, customer_timeline CASCADE");
        }

        try (RunningVault restarted = RunningVault.start(dataDir, settings)) {
            await("the read models replayed").atMost(Duration.ofMinutes(2)).until(() ->
                    restarted.jdbc().queryForObject("SELECT count(*) FROM customer_view", Long.class) == CUSTOMERS
                            && !restarted.bean(BulkReplay.class).running());
            restarted.awaitReadModels();
            assertThat(output.getOut()).contains(STARTED).contains("bulk replay of the read models: ");
            assertThat(restarted.jdbc().queryForObject("SELECT count(*) FROM customer_search", Long.class))
                    .as("search tokens").isGreaterThanOrEqualTo(CUSTOMERS);
            assertThat(restarted.jdbc().queryForObject("SELECT count(*) FROM customer_timeline", Long.class))
                    .isEqualTo(restarted.jdbc().queryForObject("SELECT count(*) FROM domainevententry", Long.class));
        }
        int replays = occurrences(output.getOut(), STARTED);

        try (RunningVault again = RunningVault.start(dataDir, settings)) {
            again.awaitReadModels();
            assertThat(occurrences(output.getOut(), STARTED)).as("read models with tokens: no replay").isEqualTo(replays);
        }
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }
}
