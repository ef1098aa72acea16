package org.customervault.infra.integrity;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What a check of the hash chains found: whether every log is intact, how many rows of each were
 * found as chained ({@code events}, {@code accessLog}, {@code erasureLedger}, {@code requestSteps};
 * up to the first break of that log), the first break (logs in that order, then the checkpoints themselves) and the newest
 * genuine checkpoint the check relied on.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record IntegrityReport(boolean intact, Map<String, Long> checked, Break firstBreak, Signed checkpoint) {

    /** A row changed since it was chained. */
    public static final String CHANGED = "changed";
    /** A chained row, or a link, is gone. */
    public static final String DELETED = "deleted";
    /** A chained row is still there, at another place in its table (its global index, id or completion number). */
    public static final String REORDERED = "reordered";
    /** A row that should have been chained by the newest checkpoint, and no link names. */
    public static final String INSERTED_UNCHAINED = "inserted-unchained";
    /** A link that does not follow from the chain before it, or is not the link a checkpoint signed. */
    public static final String LINK_REWRITTEN = "link-rewritten";
    /** The chain ends before the position a checkpoint signed: its end was cut off. */
    public static final String TRUNCATED = "truncated";
    /** The name under which a break of the checkpoints themselves is reported. */
    public static final String CHECKPOINTS = "checkpoints";

    /**
     * Where the evidence first disagrees: the log, the position in its chain ({@code null} for a row
     * no link names), the row's key ({@code null} where no row is named) and the kind of break.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Break(String log, Long position, String rowKey, String kind, String detail) {
    }

    /** The newest checkpoint that verified, and whether it is the copy kept outside the database. */
    public record Signed(long sequence, String signedAt, boolean keptOutside) {
    }
}
