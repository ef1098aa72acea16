package org.customervault.api.access;

import java.util.regex.Pattern;
import org.customervault.api.problem.InvalidRequestException;

/** The optional {@code Purpose} header of a read: why the caller needs the data, for the access log. */
public final class Purpose {

    public static final String HEADER = "Purpose";
    public static final int MAX_LENGTH = 100;
    private static final Pattern ALLOWED = Pattern.compile("^[\\p{L}\\p{N}][\\p{L}\\p{N} ._:/-]{0," + (MAX_LENGTH - 1) + "}$");

    private Purpose() {
    }

    /** The header's value, or {@code null} without one; 400 if it is not a short plain label. */
    public static String checked(String header) {
        if (header != null && !ALLOWED.matcher(header).matches()) {
            throw new InvalidRequestException(HEADER, "must be 1 to " + MAX_LENGTH + " letters, digits, spaces or . _ : / -");
        }
        return header;
    }
}
