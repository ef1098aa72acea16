package org.customervault.domain.request;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Each country's public holidays, a file per country and year on the class path:
 * {@code holidays/<country>/<year>.txt}, one ISO date per line followed by the holiday's name;
 * {@code #} starts a comment. A year without its file is unknown, never taken for a year without
 * holidays.
 */
public final class PublicHolidays {

    private final Map<String, Optional<Set<LocalDate>>> loaded = new ConcurrentHashMap<>();

    /** The country's holidays in that year; empty when the repository has no table for it yet. */
    public Optional<Set<LocalDate>> of(String country, int year) {
        return loaded.computeIfAbsent(country + "/" + year, PublicHolidays::load);
    }

    private static Optional<Set<LocalDate>> load(String countryAndYear) {
        String resource = "holidays/" + countryAndYear + ".txt";
        InputStream in = PublicHolidays.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            return Optional.empty();
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return Optional.of(lines.lines()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .map(line -> LocalDate.parse(line.split("\\s+", 2)[0]))
                    .collect(Collectors.toUnmodifiableSet()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
