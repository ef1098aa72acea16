package org.customervault.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's two bundles hold the same keys: a key only in English would show Spanish readers the English text
 * (the Spanish bundle is the default one, so the reverse would show English readers Spanish), and a text with
 * arguments is read by MessageFormat, which swallows a lone apostrophe.
 */
class ConsoleMessagesTest {

    private static final Pattern ARGUMENT = Pattern.compile("\\{\\d+}");
    private static final Pattern LONE_APOSTROPHE = Pattern.compile("(?<!')'(?!')");

    @Test
    void everyKeyIsInBothLanguages() throws IOException {
        Properties spanish = bundle("console/messages.properties");
        Properties english = bundle("console/messages_en.properties");

        Set<String> onlySpanish = new TreeSet<>(spanish.stringPropertyNames());
        onlySpanish.removeAll(english.stringPropertyNames());
        Set<String> onlyEnglish = new TreeSet<>(english.stringPropertyNames());
        onlyEnglish.removeAll(spanish.stringPropertyNames());

        assertThat(spanish.stringPropertyNames()).as("the bundles were read").hasSizeGreaterThan(400);
        assertThat(onlySpanish).as("keys missing from messages_en.properties").isEmpty();
        assertThat(onlyEnglish).as("keys missing from messages.properties (Spanish)").isEmpty();
    }

    @Test
    void aTextWithArgumentsDoublesItsApostrophes() throws IOException {
        for (String file : new String[]{"console/messages.properties", "console/messages_en.properties"}) {
            Properties texts = bundle(file);
            for (String key : texts.stringPropertyNames()) {
                String text = texts.getProperty(key);
                if (ARGUMENT.matcher(text).find()) {
                    assertThat(text).as(file + " " + key).doesNotContainPattern(LONE_APOSTROPHE);
                }
            }
        }
    }

    private static Properties bundle(String name) throws IOException {
        Properties texts = new Properties();
        try (InputStream in = ConsoleMessagesTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return texts;
    }
}
