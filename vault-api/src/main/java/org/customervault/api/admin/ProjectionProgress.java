package org.customervault.api.admin;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.customervault.api.cluster.TokenClaims;
import org.customervault.projections.customer.CustomerViewProjection;
import org.customervault.projections.timeline.CustomerTimelineProjection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the read models' processors' positions from the token store, so that it sees the segments
 * every node works on, without claiming any of them (Axon's token store claims a token to read it).
 */
@Component
public class ProjectionProgress {

    static final List<String> PROCESSORS =
            List.of(CustomerViewProjection.PROCESSING_GROUP, CustomerTimelineProjection.PROCESSING_GROUP);
    private static final String TOKENS = """
            SELECT processorname, token, tokentype, owner IS NOT NULL AND timestamp::timestamptz >= ? AS claimed FROM tokenentry
            WHERE processorname = ANY (?) ORDER BY processorname, segment""";

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final EventStore events;

    ProjectionProgress(JdbcTemplate jdbc, Serializer serializer, EventStore events) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.events = events;
    }

    /** Each CRM read model's processor, in a fixed order. */
    public List<ProcessorProgress> processors() {
        // the head first: a position read after it that reaches it has handled everything stored before
        Long head = position(events.createHeadToken());
        Map<String, List<TrackingToken>> tokens = new TreeMap<>();
        Set<String> running = new HashSet<>();
        PROCESSORS.forEach(name -> tokens.put(name, new ArrayList<>()));
        // each claim's time is written by the node that holds it, as an ISO-8601 instant
        OffsetDateTime freshClaims = OffsetDateTime.now(ZoneOffset.UTC).minus(TokenClaims.TIMEOUT);
        jdbc.query(TOKENS, row -> {
            byte[] token = row.getBytes("token");
            String name = row.getString("processorname");
            tokens.get(name).add(token == null ? null : serializer.deserialize(
                    new SimpleSerializedObject<>(token, byte[].class, row.getString("tokentype"), null)));
            if (row.getBoolean("claimed")) {
                running.add(name);
            }
        }, freshClaims, PROCESSORS.toArray(String[]::new));
        return PROCESSORS.stream().map(name -> progress(name, tokens.get(name), head, running.contains(name))).toList();
    }

    private static ProcessorProgress progress(String name, List<TrackingToken> segments, Long head, boolean running) {
        boolean replaying = false;
        boolean oneHandledNothing = segments.isEmpty();
        long furthestBehind = Long.MAX_VALUE;
        Long endsAt = null;
        for (TrackingToken segment : segments) {
            Long at = position(segment);
            oneHandledNothing |= at == null;
            furthestBehind = at == null ? furthestBehind : Math.min(furthestBehind, at);
            if (segment instanceof ReplayToken replay) {
                Long resetAt = position(replay.getTokenAtReset());
                // Axon keeps a replay token until an event after the reset; the replay has ended at the reset's position
                if (resetAt != null && (at == null || at < resetAt)) {
                    replaying = true;
                    endsAt = endsAt == null || resetAt > endsAt ? resetAt : endsAt;
                }
            }
        }
        Long position = oneHandledNothing ? null : furthestBehind;
        if (replaying) {
            double replayed = endsAt == null || endsAt <= 0 || position == null ? 0 : Math.min(1, (double) position / endsAt);
            return new ProcessorProgress(name, ProcessorProgress.Status.REPLAYING, false, position, endsAt, head, replayed, running);
        }
        boolean caughtUp = head == null || position != null && position >= head;
        return new ProcessorProgress(name, caughtUp ? ProcessorProgress.Status.CAUGHT_UP
                : ProcessorProgress.Status.CATCHING_UP, caughtUp, position, null, head, 1, running);
    }

    private static Long position(TrackingToken token) {
        OptionalLong position = token == null ? OptionalLong.empty() : token.position();
        return position.isPresent() ? position.getAsLong() : null;
    }
}
