package org.customervault.domain.request;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * How long the law gives to answer one kind of request in one jurisdiction, and by how much it lets
 * that time be extended once ({@code extension} 0: not at all).
 *
 * @param source the article that sets the term, as the docs cite it
 * @param holidays the country whose public holidays a count of business days skips; null when the
 *                 term is not counted in business days
 */
public record LegalTerm(String source, Unit unit, int amount, int extension, String holidays) {

    public enum Unit {
        /** Days other than Saturdays, Sundays and the country's public holidays, from the day after receipt. */
        BUSINESS_DAYS,
        /** Every day, from the day after receipt. */
        CALENDAR_DAYS,
        /** The same date so many months later, or the month's last day when it has no such date. */
        MONTHS
    }

    public LegalTerm {
        if ((unit == Unit.BUSINESS_DAYS) != (holidays != null)) {
            throw new IllegalArgumentException("a term counts holidays exactly when it counts business days");
        }
    }

    /**
     * The last day to answer a request received (in the jurisdiction's calendar) on {@code receivedOn}, or
     * on {@code receivedOn} itself when {@code amount} is 0: the law wants it done at once.
     */
    public DueDate dueOn(LocalDate receivedOn, PublicHolidays calendar) {
        return after(receivedOn, amount, calendar);
    }

    /**
     * The last day once extended: the term and its extension counted together from receipt (for
     * GDPR, three months from receipt, not two from a due date clipped to a short month's end);
     * empty when the law allows no extension.
     */
    public Optional<DueDate> extended(LocalDate receivedOn, PublicHolidays calendar) {
        return extension == 0 ? Optional.empty() : Optional.of(after(receivedOn, amount + extension, calendar));
    }

    private DueDate after(LocalDate start, int count, PublicHolidays calendar) {
        return switch (unit) {
            case MONTHS -> new DueDate(start.plusMonths(count), false);
            case CALENDAR_DAYS -> new DueDate(start.plusDays(count), false);
            case BUSINESS_DAYS -> {
                LocalDate day = start;
                int counted = 0;
                boolean provisional = false;
                while (counted < count) {
                    day = day.plusDays(1);
                    Optional<Set<LocalDate>> year = calendar.of(holidays, day.getYear());
                    provisional |= year.isEmpty();
                    if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
                            && !(year.isPresent() && year.get().contains(day))) {
                        counted++;
                    }
                }
                yield new DueDate(day, provisional);
            }
        };
    }

    /**
     * A due date. {@code provisional} when the count ran through a year whose public holidays the
     * vault has no table of yet: only weekends were skipped there, so the date is never later than
     * the law's, only possibly earlier.
     */
    public record DueDate(LocalDate day, boolean provisional) {
    }
}
