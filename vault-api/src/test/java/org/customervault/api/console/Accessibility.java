package org.customervault.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.List;
import java.util.stream.Collectors;

/**
 * axe-core's WCAG 2 A and AA rules (colour contrast among them) run on the page the browser shows. The script is
 * handed to the page through WebDriver, which the page's Content-Security-Policy does not govern, so the policy stays
 * as strict as it is for users. A failure names each rule and the elements it found (CSS selectors), never the
 * elements' text or markup: a page may hold a customer's personal data.
 */
final class Accessibility {

    /** WCAG 2.0 and 2.1, levels A and AA: what docs/console.md claims. */
    static final List<String> WCAG_A_AND_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    private Accessibility() {
    }

    /** Fails if axe finds any violation on the page shown now; {@code screen} names the page in the failure. */
    static void assertAccessible(Browser browser, String screen) {
        Results results = new AxeBuilder().withTags(WCAG_A_AND_AA).analyze(browser.driver());
        assertThat(results.isErrored()).as("axe ran on " + screen).isFalse();
        assertThat(results.getPasses()).as("axe checked " + screen).isNotEmpty();
        if (!results.getViolations().isEmpty()) {
            // not AssertJ's isEmpty(): its message would print each rule's elements with their markup and text
            throw new AssertionError(screen + ": accessibility violations (rule, impact, elements):\n"
                    + describe(results.getViolations()));
        }
    }

    private static String describe(List<Rule> violations) {
        return violations.stream().map(rule -> "  " + rule.getId() + " (" + rule.getImpact() + "): " + rule.getNodes()
                .stream().map(node -> String.valueOf(node.getTarget())).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("\n"));
    }
}
