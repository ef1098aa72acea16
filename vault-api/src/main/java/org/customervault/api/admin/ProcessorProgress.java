package org.customervault.api.admin;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where one read model's processor stands, across every node: its segments' furthest-behind position
 * in the event store's global index, and during a rebuild how far its replay has come.
 */
@Schema(description = "Where one read model's processor stands, across every node")
public record ProcessorProgress(
        @Schema(description = "The processor's name", example = "customer-view") String name,
        @Schema(description = "REPLAYING during a rebuild; CAUGHT_UP when it has handled every stored event;"
                + " CATCHING_UP otherwise") Status status,
        @Schema(description = "Whether it has handled every event stored when this was read") boolean caughtUp,
        @Schema(description = "The furthest-behind segment's position in the event store's global index; absent"
                + " before it has handled any event", nullable = true) Long position,
        @Schema(description = "The position its replay ends at (where it stood when the rebuild started); absent"
                + " when not replaying", nullable = true) Long replayEndsAt,
        @Schema(description = "The event store's last position; absent while the store is empty", nullable = true)
        Long head,
        @Schema(description = "How much of its replay is done, from 0 to 1 (1 when not replaying)", minimum = "0",
                maximum = "1") double replayed,
        @Schema(description = "Whether a node is working on it: one of its segments is claimed by a node that"
                + " renewed the claim within the claim timeout. False when every node has stopped it or died")
        boolean running) {

    public enum Status { REPLAYING, CATCHING_UP, CAUGHT_UP }

    public boolean replaying() {
        return status == Status.REPLAYING;
    }
}
