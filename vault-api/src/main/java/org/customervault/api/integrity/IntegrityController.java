package org.customervault.api.integrity;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import javax.sql.DataSource;
import org.customervault.api.problem.TooManyRequestsException;
import org.customervault.infra.integrity.IntegrityReport;
import org.customervault.infra.integrity.IntegrityVerifier;
import org.customervault.infra.integrity.KeptCheckpoint;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A check of the hash chains over the event store, the access log, the erasure ledger and the steps
 * taken on data subjects' requests, for COMPLIANCE and ADMIN. It reads every chained row, so a node
 * runs one check at a time and answers 429 to a second one meanwhile rather than letting checks pile
 * up on the database.
 */
@Tag(name = "Compliance")
@RestController
public class IntegrityController {

    private static final Duration ASK_AGAIN = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final IntegrityVerifier verifier;
    private final KeptCheckpoint kept;
    private final Semaphore oneAtATime = new Semaphore(1);

    IntegrityController(DataSource dataSource, IntegrityVerifier verifier, KeptCheckpoint kept) {
        this.dataSource = dataSource;
        this.verifier = verifier;
        this.kept = kept;
    }

    @Operation(operationId = "checkIntegrity", summary = "Check the history for tampering",
            description = "Walks the hash chains over the event store, the access log, the erasure ledger and the steps "
                    + "taken on data subjects' requests, and checks their signed checkpoints. One check at a time per "
                    + "node; 429 meanwhile. Roles: COMPLIANCE, ADMIN.")
    @GetMapping(path = "/api/v1/compliance/integrity", produces = MediaType.APPLICATION_JSON_VALUE)
    public IntegrityReport integrity() throws SQLException {
        if (!oneAtATime.tryAcquire()) {
            throw new TooManyRequestsException(ASK_AGAIN, "A check of the hash chains is running on this node; ask again when it is done.");
        }
        try (Connection connection = dataSource.getConnection()) {
            return verifier.verify(connection, kept.newest());
        } finally {
            oneAtATime.release();
        }
    }
}
