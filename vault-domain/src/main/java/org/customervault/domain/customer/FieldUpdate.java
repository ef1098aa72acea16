package org.customervault.domain.customer;

/**
 * One field of a merge patch: a {@code null} update leaves the field alone, an update whose value
 * is {@code null} clears it, any other value replaces it.
 */
public record FieldUpdate<T>(T value) {

    public static <T> FieldUpdate<T> to(T value) {
        return new FieldUpdate<>(value);
    }

    public static <T> FieldUpdate<T> clear() {
        return new FieldUpdate<>(null);
    }

    /** The value after {@code update}: the current one when the update leaves the field alone. */
    public static <T> T applied(FieldUpdate<T> update, T current) {
        return update == null ? current : update.value();
    }
}
