package org.customervault.domain.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeadlineRulesTest {

    private final PublicHolidays holidays = new PublicHolidays();

    @ParameterizedTest(name = "{0} {1} received {2}: due {3}, extended to {4} ({5}: {6})")
    @CsvSource(delimiter = '|', textBlock = """
            # jurisdiction | kind            | received   | due on     | extended   | legal source              | why
            CO | access             | 2026-10-30 | 2026-11-17 | 2026-11-24 | Ley 1581 de 2012, Art. 14 | consulta: 10 business days (+5) from the day after receipt; 2 and 16 Nov 2026 are holidays
            CO | portability        | 2026-10-30 | 2026-11-17 | 2026-11-24 | Ley 1581 de 2012, Art. 14 | asking to receive the data is a consulta
            CO | erasure            | 2026-10-30 | 2026-11-24 | 2026-12-04 | Ley 1581 de 2012, Art. 15 | reclamo: 15 business days (+8); 2 and 16 Nov skipped
            CO | rectification      | 2026-10-30 | 2026-11-24 | 2026-12-04 | Ley 1581 de 2012, Art. 15 | reclamo
            CO | consent-withdrawal | 2026-10-30 | 2026-11-24 | 2026-12-04 | Ley 1581 de 2012, Art. 15 | reclamo
            CO | access             | 2026-04-01 | 2026-04-17 | 2026-04-24 | Ley 1581 de 2012, Art. 14 | Jueves and Viernes Santo (2 and 3 Apr 2026) skipped
            CO | access             | 2026-11-28 | 2026-12-14 | 2026-12-21 | Ley 1581 de 2012, Art. 14 | received on a Saturday; 8 Dec skipped
            CO | erasure            | 2026-12-20 | 2027-01-13 | 2027-01-25 | Ley 1581 de 2012, Art. 15 | into 2027: 1 and 11 Jan 2027 skipped
            CO | erasure            | 2026-07-03 | 2026-07-28 | 2026-08-10 | Ley 1581 de 2012, Art. 15 | Chiquinquirá (13 Jul, Ley 2578 de 2026) and 20 Jul skipped
            AR | access             | 2026-11-27 | 2026-12-07 |            | Ley 25.326, Art. 14       | ten calendar days (días corridos), no extension
            AR | rectification      | 2026-03-20 | 2026-03-30 |            | Ley 25.326, Art. 16       | 5 business days, no extension; 24 Mar is a holiday, 23 Mar only a día no laborable
            AR | rectification      | 2027-02-05 | 2027-02-16 |            | Ley 25.326, Art. 16       | Carnaval 2027 (8 and 9 Feb) skipped
            AR | erasure            | 2026-11-20 | 2026-11-30 |            | Ley 25.326, Art. 16       | supresión; 23 Nov 2026 (Soberanía Nacional, moved) skipped
            BR | access             | 2026-10-30 | 2026-11-14 |            | LGPD, Art. 19, II         | up to 15 days from the request, no extension
            EU | access             | 2026-03-15 | 2026-04-15 | 2026-06-15 | GDPR, Art. 12(3)          | one month, extendable by two further months
            EU | erasure            | 2026-01-31 | 2026-02-28 | 2026-04-30 | GDPR, Art. 12(3)          | no 31 February: the month's last day; extended, three months from receipt
            DE | objection          | 2026-12-24 | 2027-01-24 | 2027-03-24 | GDPR, Art. 12(3)          | a member state counts the same months; holidays change nothing
            EU | consent-withdrawal | 2026-11-30 | 2026-11-30 |            | GDPR, Art. 7(3)           | withdrawal is no request of Arts. 15-22: due the day it arrives
            MX | access             | 2026-10-30 | 2026-11-30 |            | LFPDPPP (2025), Art. 31   | 20 business days (Art. 2: días hábiles); Revolución (16 Nov) skipped
            MX | erasure            | 2026-12-10 | 2027-01-11 |            | LFPDPPP (2025), Art. 31   | cancelación; Navidad and 1 Jan 2027 skipped
            MX | objection          | 2027-01-25 | 2027-02-23 |            | LFPDPPP (2025), Art. 31   | oposición; Constitución (1 Feb 2027) skipped
            """)
    void dueDatesFollowTheLaw(String jurisdiction, String kind, LocalDate receivedOn, LocalDate dueOn,
                              LocalDate extendedTo, String source, String why) {
        LegalTerm term = DeadlineRules.jurisdiction(jurisdiction).orElseThrow()
                .term(RequestKind.of(kind).orElseThrow()).orElseThrow();

        assertThat(term.source()).isEqualTo(source);
        assertThat(term.dueOn(receivedOn, holidays)).as(why).isEqualTo(new LegalTerm.DueDate(dueOn, false));
        assertThat(term.extended(receivedOn, holidays).map(LegalTerm.DueDate::day).orElse(null)).as(why)
                .isEqualTo(extendedTo);
    }

    @Test
    void theDayOfReceiptIsTheJurisdictionsDate() {
        DeadlineRules.Jurisdiction colombia = DeadlineRules.jurisdiction("CO").orElseThrow();
        DeadlineRules.Jurisdiction brazil = DeadlineRules.jurisdiction("BR").orElseThrow();

        // 02:00 UTC on Saturday 31 October is still Friday evening in Bogotá (UTC-5) and São Paulo (UTC-3)
        assertThat(colombia.receivedOn(Instant.parse("2026-10-31T02:00:00Z"))).isEqualTo(LocalDate.of(2026, 10, 30));
        assertThat(brazil.receivedOn(Instant.parse("2026-10-31T02:00:00Z"))).isEqualTo(LocalDate.of(2026, 10, 30));
    }

    @Test
    void aJurisdictionOrKindWithoutAVerifiedTermHasNone() {
        assertThat(DeadlineRules.jurisdiction("US").orElseThrow().terms()).as("a country, no term known").isEmpty();
        assertThat(DeadlineRules.jurisdiction("XX")).as("no country").isEmpty();
        assertThat(DeadlineRules.jurisdiction("co")).isEmpty();
        assertThat(DeadlineRules.jurisdiction("MX").orElseThrow().term(RequestKind.PORTABILITY)).isEmpty();
        assertThat(DeadlineRules.jurisdiction("AR").orElseThrow().term(RequestKind.PORTABILITY)).isEmpty();
        assertThat(DeadlineRules.jurisdiction("BR").orElseThrow().term(RequestKind.ERASURE)).isEmpty();
    }

    @Test
    void aYearWithoutAHolidayTableGivesAnEarlierDateMarkedProvisionalNeverALaterOne() {
        LegalTerm reclamo = DeadlineRules.jurisdiction("CO").orElseThrow().term(RequestKind.ERASURE).orElseThrow();
        assertThat(holidays.of("CO", 2028)).as("no table for 2028 yet").isEmpty();

        // 15 business days from Monday 20 December 2027 run into January 2028, whose holidays (1 and 10
        // January) are unknown: weekends only are skipped there
        LegalTerm.DueDate due = reclamo.dueOn(LocalDate.of(2027, 12, 20), holidays);
        assertThat(due.provisional()).isTrue();
        assertThat(due.day()).isEqualTo(LocalDate.of(2028, 1, 10));
        assertThat(reclamo.dueOn(LocalDate.of(2027, 11, 2), holidays).provisional())
                .as("a count that stays within known years").isFalse();
    }
}
