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
 * Rebuilds the CRM read models from the event store: each processor is stopped, its token reset
 * (its reset handler empties its tables) and started again; its replay then runs in the background,
 * followed through {@link ProjectionProgress}. Read models answer from what has been replayed so far.
 */
@Component
public class ProjectionRebuild {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRebuild.class);
    private static final long POLL_MILLIS = 50;

    private final EventProcessingConfiguration processing;
    private final ProjectionProgress progress;
    private final TransactionManager transactions;

    ProjectionRebuild(EventProcessingConfiguration processing, ProjectionProgress progress,
                      TransactionManager transactions) {
        this.processing = processing;
        this.progress = progress;
        this.transactions = transactions;
    }

    /**
     * Starts replaying every CRM read model and answers at once. Refused while a replay is under way
     * (a second reset would throw its progress away), and when another node works on a processor's
     * segments (it holds their tokens): then no read model is reset.
     */
    public synchronized List<ProcessorProgress> start(Authentication caller) {
        if (progress.processors().stream().anyMatch(ProcessorProgress::replaying)) {
            throw new RebuildRefusedException(RebuildRefusedException.Reason.UNDER_WAY, "A rebuild of the read models is under way: follow it at "
                    + ProjectionAdminController.PROJECTIONS + " and start another once it has ended");
        }
        List<TrackingEventProcessor> processors = ProjectionProgress.PROCESSORS.stream().map(name -> processing
                .eventProcessor(name, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no tracking processor " + name))).toList();
        try {
            processors.forEach(TrackingEventProcessor::shutDown);
            // one transaction: either every read model is reset, or none is
            transactions.executeInTransaction(() -> processors.forEach(TrackingEventProcessor::resetTokens));
        } catch (UnableToClaimTokenException claimedElsewhere) {
            LOG.warn("read models rebuild by {} refused: another node works on the read models", caller.getName());
            throw new RebuildRefusedException(RebuildRefusedException.Reason.OTHER_NODE, "Another node works on the read models: stop the other nodes, or rebuild from"
                    + " the node that works on every segment");
        } finally {
            processors.forEach(TrackingEventProcessor::start);
        }
        LOG.info("read models rebuild started by {}", caller.getName());
        return progress.processors();
    }

    /** Starts a rebuild and waits, up to the timeout, until every replay has ended. */
    List<ProcessorProgress> rebuild(Authentication caller, Duration timeout) {
        List<ProcessorProgress> states = start(caller);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (states.stream().anyMatch(ProcessorProgress::replaying) && System.nanoTime() < deadline) {
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
