package org.customervault.api.cluster;

import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.customervault.infra.postgres.ErasureFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Shares the event processors' segments among the live nodes. The first node to start claims
 * every segment; every heartbeat, a node holding more than its fair share (segments divided by
 * live nodes, rounded up) releases one for a while, and a node with a free thread claims it. A lone
 * node keeps them all; when a node dies, its segments are claimed by the others after the claim
 * timeout.
 */
@Component
class SegmentBalancer {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentBalancer.class);

    private final EventProcessingConfiguration processing;
    private final TokenStore tokens;
    private final ErasureFeed nodes;
    private final Duration heartbeat;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "segment-balancer");
        thread.setDaemon(true);
        return thread;
    });

    /** @param nodes the node table's keeper, which knows the live nodes */
    SegmentBalancer(EventProcessingConfiguration processing, TokenStore tokens, ErasureFeed nodes,
                    ClusterSettings settings) {
        this.processing = processing;
        this.tokens = tokens;
        this.nodes = nodes;
        this.heartbeat = settings.heartbeat();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        schedule.scheduleWithFixedDelay(this::balance, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    @EventListener(ContextClosedEvent.class)
    void stop() {
        schedule.shutdownNow();
    }

    private void balance() {
        try {
            int liveNodes = nodes.liveNodes();
            processing.eventProcessors().forEach((name, processor) -> {
                if (processor instanceof TrackingEventProcessor tracking && tracking.isRunning()) {
                    int segments = tokens.fetchSegments(name).length;
                    int fairShare = (segments + Math.max(1, liveNodes) - 1) / Math.max(1, liveNodes);
                    if (tracking.processingStatus().size() > fairShare) {
                        tracking.processingStatus().keySet().stream().max(Comparator.naturalOrder()).ifPresent(segment -> {
                            LOG.info("releasing segment {} of {} for another node ({} live nodes)", segment, name, liveNodes);
                            tracking.releaseSegment(segment, heartbeat.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
                        });
                    }
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("could not balance the event processors' segments: {}", e.getClass().getName());
        }
    }
}
