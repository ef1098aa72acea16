package org.customervault.domain.crypto;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * Which components of a record hold personal data, which one names its subject and which one says
 * the personal data was erased, read once per class from the {@link PersonalData},
 * {@link SubjectId} and {@link ErasureMarker} marks.
 */
public record PersonalFields(String recordName, String subjectField, List<String> personalFields,
                             String erasureMarker) {

    private static final PersonalFields NONE = new PersonalFields("", "", List.of(), "");

    private static final ClassValue<PersonalFields> BY_CLASS = new ClassValue<>() {
        @Override
        protected PersonalFields computeValue(Class<?> type) {
            return read(type);
        }
    };

    public static PersonalFields of(Class<?> type) {
        return BY_CLASS.get(type);
    }

    public boolean any() {
        return !personalFields.isEmpty();
    }

    /** The place a field's ciphertext is bound to, so it cannot be moved to another record or field. */
    public String place(String field) {
        return recordName + "." + field;
    }

    private static PersonalFields read(Class<?> type) {
        if (!type.isRecord()) {
            return NONE;
        }
        RecordComponent[] components = type.getRecordComponents();
        List<String> personal = Arrays.stream(components)
                .filter(component -> component.isAnnotationPresent(PersonalData.class))
                .map(RecordComponent::getName)
                .toList();
        if (personal.isEmpty()) {
            return NONE;
        }
        List<String> subjects = Arrays.stream(components)
                .filter(component -> component.isAnnotationPresent(SubjectId.class))
                .map(RecordComponent::getName)
                .toList();
        if (subjects.size() != 1) {
            throw new IllegalStateException(type.getName()
                    + " has personal data, so exactly one component must be marked @SubjectId");
        }
        List<String> markers = Arrays.stream(components)
                .filter(component -> component.isAnnotationPresent(ErasureMarker.class) && component.getType() == boolean.class)
                .map(RecordComponent::getName)
                .toList();
        if (markers.size() != 1) {
            throw new IllegalStateException(type.getName()
                    + " has personal data, so exactly one boolean component must be marked @ErasureMarker");
        }
        return new PersonalFields(type.getSimpleName(), subjects.get(0), personal, markers.get(0));
    }
}
