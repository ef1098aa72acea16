package org.customervault.api.customer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.customervault.api.problem.InvalidRequestException;
import org.customervault.api.problem.PreconditionFailedException;

/**
 * A customer's entity tag is its version, the sequence number of its last event, as a strong tag:
 * {@code "7"}. Writes take one tag in {@code If-Match} (or {@code *}, any version of an existing
 * customer); the check itself is the repository's, under the customer's lock, through the command's
 * expected version.
 */
final class EntityTags {

    static final String IF_MATCH = "If-Match";
    static final String IF_NONE_MATCH = "If-None-Match";

    private static final Pattern TAG = Pattern.compile("(W/)?\"([\\x21\\x23-\\x7E\\x80-\\xFF]*)\"");
    private static final Pattern VERSION = Pattern.compile("0|[1-9][0-9]{0,17}");

    private EntityTags() {
    }

    static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version a write expects, {@code null} for none ({@code If-Match} absent or {@code *}).
     *
     * @throws InvalidRequestException for anything but one entity tag or {@code *}
     * @throws PreconditionFailedException for a tag no version of a customer has (weak, or not a number),
     *         as strong comparison never matches it
     */
    static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.strip().equals("*")) {
            return null;
        }
        Matcher tag = TAG.matcher(ifMatch.strip());
        if (!tag.matches()) {
            throw new InvalidRequestException(IF_MATCH, "must be one entity tag, such as \"7\", or *");
        }
        if (tag.group(1) != null || !VERSION.matcher(tag.group(2)).matches()) {
            throw new PreconditionFailedException();
        }
        return Long.parseLong(tag.group(2));
    }

    /** The tags {@code If-None-Match} lists, none when it is absent; {@code *} stands for every tag. */
    static List<String> listed(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return List.of();
        }
        if (ifNoneMatch.strip().equals("*")) {
            return List.of("*");
        }
        List<String> tags = new ArrayList<>();
        for (String listed : ifNoneMatch.split(",")) {
            Matcher tag = TAG.matcher(listed.strip());
            if (!tag.matches()) {
                throw new InvalidRequestException(IF_NONE_MATCH, "must be entity tags, such as \"7\", or *");
            }
            tags.add(tag.group(2));
        }
        return tags;
    }

    /** Whether tags listed in {@code If-None-Match} name this version; that comparison is weak (RFC 9110). */
    static boolean name(List<String> listed, long version) {
        return listed.contains("*") || listed.contains(Long.toString(version));
    }
}
