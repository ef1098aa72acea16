package org.customervault.domain.request;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Each country's public holidays, a file per country and year on the class path:
 * {@code holidays/<country>/<year>.txt}, one ISO date per line followed by the holiday's name;
 * {@code #} starts a comment. A year without its file is refused rather than counted as a year
 * without holidays, which would put a deadline too late.
 */
public final class PublicHolidays {

    private final Map<String, Set<LocalDate>> loaded = new ConcurrentHashMap<>();

    public boolean isHoliday(String country, LocalDate day) {
        return loaded.computeIfAbsent(country + "/" + day.getYear(), PublicHolidays::load).contains(day);
    }

    private static Set<LocalDate> load(String countryAndYear) {
        String resource = "holidays/" + countryAndYear + ".txt";
        InputStream in = PublicHolidays.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            String[] parts = countryAndYear.split("/");
            throw new MissingHolidaysException(parts[0], Integer.parseInt(parts[1]));
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return lines.lines()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .map(line -> LocalDate.parse(line.split("\\s+", 2)[0]))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The repository has no holiday table for this country and year yet (see docs/rights.md). */
    public static final class MissingHolidaysException extends RuntimeException {

        private final String country;
        private final int year;

        public MissingHolidaysException(String country, int year) {
            super("no public-holiday table for " + country + " " + year);
            this.country = country;
            this.year = year;
        }

        public String country() {
            return country;
        }

        public int year() {
            return year;
        }
    }
}
