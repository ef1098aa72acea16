package org.customervault.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Unique canary values for personal fields, and the sweep that looks for them in every byte the
 * vault wrote: as UTF-8 text and as hex in either case.
 */
public final class Canaries {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final List<String> values = new ArrayList<>();

    /** A new canary, remembered for the sweep: {@code cnry<label><10 random characters>}. */
    public String next(String label) {
        return remember("cnry" + label + token(10));
    }

    /** Remembers a value made elsewhere (a phone number, a date) as a canary too. */
    public String remember(String value) {
        values.add(value);
        return value;
    }

    public List<String> values() {
        return List.copyOf(values);
    }

    public static String token(int length) {
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < length; i++) {
            token.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return token.toString();
    }

    public static String digits(int length) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < length; i++) {
            digits.append(RANDOM.nextInt(10));
        }
        return digits.toString();
    }

    /** Every canary found in the files, with the file it was found in. */
    public Map<String, Path> findIn(List<Path> files) {
        List<String> needles = new ArrayList<>();
        for (String canary : values) {
            byte[] utf8 = canary.getBytes(StandardCharsets.UTF_8);
            needles.add(new String(utf8, StandardCharsets.ISO_8859_1));
            needles.add(HexFormat.of().formatHex(utf8));
            needles.add(HexFormat.of().withUpperCase().formatHex(utf8));
        }
        Map<String, Path> hits = new TreeMap<>();
        for (Path file : files) {
            // ISO-8859-1 maps every byte to one char, so a needle matches exactly its UTF-8 bytes.
            String content = read(file);
            needles.stream().filter(content::contains).forEach(needle -> hits.put(needle, file));
        }
        return hits;
    }

    public static List<Path> filesUnder(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
