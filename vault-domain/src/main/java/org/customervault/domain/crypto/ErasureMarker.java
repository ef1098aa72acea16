package org.customervault.domain.crypto;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code boolean} component that says a record's personal data was erased. Every record
 * with {@link PersonalData} has one. It is {@code false} when the record is written; when the
 * subject's key has been destroyed, reading the record sets it to {@code true} and every personal
 * component to {@code null}, so handlers, replays and rebuilds keep running and can tell an erased
 * value from an absent one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface ErasureMarker {
}
