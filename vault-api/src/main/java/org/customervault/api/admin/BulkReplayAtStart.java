package org.customervault.api.admin;

import org.axonframework.spring.config.SpringAxonConfiguration;
import org.customervault.api.background.StepAtStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A node that starts with empty read models (a new database holding events, or one whose read
 * models' processors never ran) replays them in bulk, as an admin rebuild does, instead of leaving
 * its processors to replay every event one by one. Whether the CRM processors have tokens is read
 * before Axon starts them (they create their tokens as they start); the bulk replay is started once
 * the application is ready. Where another node already works on the read models, the rebuild is
 * refused as an admin's would be, and the processors go on event by event.
 */
@Component
class BulkReplayAtStart extends StepAtStart {

    private static final Logger LOG = LoggerFactory.getLogger(BulkReplayAtStart.class);
    /** Just before Axon's own lifecycle, which starts the processors. */
    private static final int PHASE = SpringAxonConfiguration.LIFECYCLE_PHASE - 1;
    static final String STARTED_BY = "empty-read-models-at-start";

    private static final String NEVER_PROJECTED = """
            SELECT NOT EXISTS (SELECT 1 FROM tokenentry WHERE processorname = ANY (?))
                AND EXISTS (SELECT 1 FROM domainevententry)""";

    private final JdbcTemplate jdbc;
    private final ProjectionRebuild rebuild;
    private volatile boolean neverProjected;

    BulkReplayAtStart(JdbcTemplate jdbc, ProjectionRebuild rebuild) {
        super(PHASE);
        this.jdbc = jdbc;
        this.rebuild = rebuild;
    }

    @Override
    protected void run() {
        neverProjected = Boolean.TRUE.equals(jdbc.queryForObject(NEVER_PROJECTED, Boolean.class,
                (Object) ProjectionProgress.PROCESSORS.toArray(String[]::new)));
    }

    @EventListener(ApplicationReadyEvent.class)
    void replayInBulkIfNeverProjected() {
        if (!neverProjected) {
            return;
        }
        neverProjected = false;
        try {
            rebuild.replaceTheirFirstReplay(STARTED_BY);
        } catch (RebuildRefusedException refused) {
            LOG.info("the read models were never projected, but a bulk replay runs already or another node works on"
                    + " them: their processors go on event by event");
        }
    }
}
