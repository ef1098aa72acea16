package org.customervault.domain.crypto;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component that holds personal data. Its serialized value is encrypted under the
 * key of the record's {@link SubjectId} before it leaves memory. A component without this mark is
 * stored in plaintext, so the mark is never implied by a name or a type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface PersonalData {
}
