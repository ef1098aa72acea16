package org.customervault.api.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.customervault.projections.customer.CustomerViewProjection;
import org.customervault.projections.timeline.CustomerTimelineProjection;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the CRM read models from the event store: each processor is stopped, its token reset
 * (its reset handler empties its tables) and started again, then awaited until it has caught up.
 * Read models answer from an empty table until then.
 */
@Component
class ProjectionRebuild {

    static final List<String> PROCESSORS =
            List.of(CustomerViewProjection.PROCESSING_GROUP, CustomerTimelineProjection.PROCESSING_GROUP);
    private static final long POLL_MILLIS = 50;

    private final EventProcessingConfiguration processing;

    ProjectionRebuild(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    /** Rebuilds every CRM read model; answers which processors caught up within the timeout. */
    List<ProcessorState> rebuild(Duration timeout) {
        List<TrackingEventProcessor> processors = new ArrayList<>();
        for (String name : PROCESSORS) {
            TrackingEventProcessor processor = processing.eventProcessor(name, TrackingEventProcessor.class)
                    .orElseThrow(() -> new IllegalStateException("no tracking processor " + name));
            processor.shutDown();
            processor.resetTokens();
            processor.start();
            processors.add(processor);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!processors.stream().allMatch(ProjectionRebuild::caughtUp) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return processors.stream().map(p -> new ProcessorState(p.getName(), caughtUp(p))).toList();
    }

    private static boolean caughtUp(TrackingEventProcessor processor) {
        return !processor.processingStatus().isEmpty()
                && processor.processingStatus().values().stream().allMatch(EventTrackerStatus::isCaughtUp);
    }

    record ProcessorState(String name, boolean caughtUp) {
    }
}
