package org.customervault.api.admin;

import java.time.Duration;
import java.util.List;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the CRM read models from the event store: each processor is stopped and its token reset
 * (its reset handler empties its tables); the replay then runs in the background, followed through
 * {@link ProjectionProgress}, in bulk ({@link BulkReplay}) before the processors start again from
 * where it ended, or (as before the bulk replay existed) by the processors themselves, event by
 * event. Read models answer from what has been replayed so far.
 */
@Component
public class ProjectionRebuild {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRebuild.class);
    private static final long POLL_MILLIS = 50;

    private final EventProcessingConfiguration processing;
    private final ProjectionProgress progress;
    private final TransactionManager transactions;
    private final BulkReplay bulk;

    /** How the events are replayed once the read models are reset. */
    enum Replay {
        /** Read once, folded in memory, each changed row written once per chunk: the default. */
        BULK,
        /** By the tracking processors, one event after the other. */
        EVENT_BY_EVENT
    }

    ProjectionRebuild(EventProcessingConfiguration processing, ProjectionProgress progress,
                      TransactionManager transactions, BulkReplay bulk) {
        this.processing = processing;
        this.progress = progress;
        this.transactions = transactions;
        this.bulk = bulk;
    }

    /**
     * Starts replaying every CRM read model and answers at once. Refused while a replay is under way
     * (a second reset would throw its progress away), and when another node works on a processor's
     * segments (it holds their tokens): then no read model is reset.
     */
    public List<ProcessorProgress> start(Authentication caller) {
        return start(caller, Replay.BULK);
    }

    synchronized List<ProcessorProgress> start(Authentication caller, Replay replay) {
        if (bulk.running() || progress.processors().stream().anyMatch(ProcessorProgress::replaying)) {
            throw underWay();
        }
        return resetAndReplay(caller.getName(), replay);
    }

    /**
     * For a node whose processors have just begun, at start, to replay an event store they never
     * saw (Axon marks a token made at the tail as a replay): the bulk replay takes over from them.
     * Refused while a bulk replay runs, and when another node works on the read models.
     */
    synchronized List<ProcessorProgress> replaceTheirFirstReplay(String startedBy) {
        if (bulk.running()) {
            throw underWay();
        }
        return resetAndReplay(startedBy, Replay.BULK);
    }

    private static RebuildRefusedException underWay() {
        return new RebuildRefusedException(RebuildRefusedException.Reason.UNDER_WAY, "A rebuild of the read models is under way: follow it at "
                + ProjectionAdminController.PROJECTIONS + " and start another once it has ended");
    }

    private List<ProcessorProgress> resetAndReplay(String startedBy, Replay replay) {
        List<TrackingEventProcessor> processors = ProjectionProgress.PROCESSORS.stream().map(name -> processing
                .eventProcessor(name, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no tracking processor " + name))).toList();
        boolean startedLater = false;
        try {
            processors.forEach(TrackingEventProcessor::shutDown);
            // one transaction: either every read model is reset, or none is
            transactions.executeInTransaction(() -> processors.forEach(TrackingEventProcessor::resetTokens));
            if (replay == Replay.BULK) {
                // the reset left this node holding every segment's claim: no processor works until the bulk replay ends
                bulk.startAfterReset(processors);
                startedLater = true;
            }
        } catch (UnableToClaimTokenException claimedElsewhere) {
            LOG.warn("read models rebuild by {} refused: another node works on the read models", startedBy);
            throw new RebuildRefusedException(RebuildRefusedException.Reason.OTHER_NODE, "Another node works on the read models: stop the other nodes, or rebuild from"
                    + " the node that works on every segment");
        } finally {
            if (!startedLater) {
                processors.forEach(TrackingEventProcessor::start);
            }
        }
        LOG.info("read models rebuild ({}) started by {}", replay, startedBy);
        return progress.processors();
    }

    /** Starts a rebuild and waits, up to the timeout, until every replay has ended. */
    List<ProcessorProgress> rebuild(Authentication caller, Duration timeout) {
        return rebuild(caller, Replay.BULK, timeout);
    }

    /** Starts a rebuild replayed as asked and waits, up to the timeout, until every replay has ended. */
    List<ProcessorProgress> rebuild(Authentication caller, Replay replay, Duration timeout) {
        List<ProcessorProgress> states = start(caller, replay);
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((bulk.running() || states.stream().anyMatch(ProcessorProgress::replaying)) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            states = progress.processors();
        }
        return states;
    }
}
