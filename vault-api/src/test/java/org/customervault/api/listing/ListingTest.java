package org.customervault.api.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.AGENT;
import static org.customervault.api.support.RunningVault.COMPLIANCE;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.customervault.api.support.Canaries;
import org.customervault.api.support.RunningVault;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lists as a CRM pages through them: by cursor without losing or repeating anyone, in each order,
 * filtered by status and consent, with totals; and lists refusing what they do not understand
 * rather than answering as if it had not been sent.
 */
class ListingTest {

    @TempDir
    static Path dataDir;
    private static RunningVault vault;
    /** In the order they were registered. */
    private static final List<String> registered = new ArrayList<>();
    private static final List<String> names = List.of("Zoe Ávila", "álvaro Núñez", "Beatriz Ortega", "bruno Díaz",
            "Ángela Ruiz", "Carmen Vidal", "Óscar Pérez");

    @BeforeAll
    static void start() {
        vault = RunningVault.start(dataDir, Map.of("vault.security.rate-limits.searches.limit", 1000));
        vault.registerNotice("v1");
        for (String name : names) {
            Response created = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"" + name + "\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            registered.add(created.json().get("id").asText());
        }
        consent(registered.get(1), "newsletter", true);
        consent(registered.get(2), "newsletter", true);
        consent(registered.get(3), "newsletter", true);
        consent(registered.get(3), "newsletter", false);
        consent(registered.get(4), "profiling", true);
        Response restricted = vault.put(COMPLIANCE, "/api/v1/customers/" + registered.get(2) + "/restriction",
                "{\"restricted\": true, \"reason\": \"disputed accuracy\"}");
        assertThat(restricted.status()).isIn(200, 202);
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private static void consent(String id, String purpose, boolean granted) {
        Response consent = vault.put(AGENT, "/api/v1/customers/" + id + "/consents/" + purpose,
                "{\"granted\": " + granted + ", \"noticeVersion\": \"v1\"}");
        assertThat(consent.status()).as(consent.body()).isIn(200, 202);
    }

    @Test
    void pagesByCursorThroughEveryCustomerOnceInCreationOrder() {
        // other tests may have registered customers of their own, after these
        List<String> oldestFirst = ids(vault.get(AGENT, "/api/v1/customers?sort=createdAt&size=100").json());
        assertThat(oldestFirst.subList(0, registered.size())).containsExactlyElementsOf(registered);
        assertThat(everyPage("/api/v1/customers?sort=createdAt&size=3")).containsExactlyElementsOf(oldestFirst);
        assertThat(everyPage("/api/v1/customers?sort=-createdAt&size=2")).containsExactlyElementsOf(reversed(oldestFirst));
    }

    @Test
    void aCustomerAddedWhilePagingDoesNotShiftTheNextPage() {
        JsonNode first = vault.get(AGENT, "/api/v1/customers?sort=createdAt&size=4").json();
        assertThat(first.get("total").asLong()).isGreaterThanOrEqualTo(names.size());
        String cursor = first.get("nextCursor").asText();
        // a later page by number would now start one customer later; the cursor's does not
        JsonNode second = vault.get(AGENT, "/api/v1/customers?sort=createdAt&size=3&cursor=" + cursor).json();
        assertThat(ids(second)).containsExactlyElementsOf(registered.subList(4, 7));
        assertThat(second.has("page")).as("no page number when paging by cursor").isFalse();
    }

    @Test
    void sortsByNameIgnoringCaseAndAccentsAndPagesThroughIt() {
        List<String> byName = names("/api/v1/customers?sort=name&status=ACTIVE&size=100");
        assertThat(byName).containsExactly("álvaro Núñez", "Ángela Ruiz", "bruno Díaz", "Carmen Vidal",
                "Óscar Pérez", "Zoe Ávila");
        assertThat(names("/api/v1/customers?sort=-name&status=ACTIVE&size=100")).containsExactlyElementsOf(reversed(byName));
        List<String> paged = new ArrayList<>();
        String path = "/api/v1/customers?sort=name&status=ACTIVE&size=4";
        for (JsonNode page = vault.get(AGENT, path).json(); ; ) {
            page.get("items").forEach(item -> paged.add(item.get("fullName").asText()));
            if (!page.hasNonNull("nextCursor")) {
                break;
            }
            page = vault.get(AGENT, path + "&cursor=" + page.get("nextCursor").asText()).json();
        }
        assertThat(paged).containsExactlyElementsOf(byName);
    }

    @Test
    void filtersByStatusAndByAConsentGrantedOrWithdrawnNow() {
        JsonNode restricted = vault.get(AGENT, "/api/v1/customers?status=RESTRICTED").json();
        assertThat(ids(restricted)).containsExactly(registered.get(2));
        assertThat(restricted.get("total").asLong()).isEqualTo(1);
        JsonNode newsletter = vault.get(AGENT, "/api/v1/customers?consent=newsletter&sort=createdAt").json();
        // the one who withdrew is not listed
        assertThat(ids(newsletter)).containsExactly(registered.get(1), registered.get(2));
        assertThat(newsletter.get("total").asLong()).isEqualTo(2);
        JsonNode both = vault.get(AGENT, "/api/v1/customers?consent=newsletter&status=ACTIVE").json();
        assertThat(ids(both)).containsExactly(registered.get(1));
        assertThat(ids(vault.get(AGENT, "/api/v1/customers?consent=newsletter:granted&sort=createdAt").json()))
                .as("a bare purpose is a granted one").containsExactly(registered.get(1), registered.get(2));
        JsonNode withdrawn = vault.get(AGENT, "/api/v1/customers?consent=newsletter:withdrawn").json();
        // granted then withdrawn; never asked (0) and consenting to another purpose (4) are not listed
        assertThat(ids(withdrawn)).containsExactly(registered.get(3));
        assertThat(withdrawn.get("total").asLong()).isEqualTo(1);
        assertThat(ids(vault.get(AGENT, "/api/v1/customers?consent=profiling:withdrawn").json())).isEmpty();
        JsonNode searched = vault.get(AGENT, "/api/v1/customers?q=" + URLEncoder.encode("Ortega", StandardCharsets.UTF_8)
                + "&status=ACTIVE").json();
        assertThat(ids(searched)).isEmpty();
        assertThat(searched.get("total").asLong()).isZero();
    }

    @Test
    void refusesUnknownParametersWithoutEchoingThem() {
        Canaries canaries = new Canaries();
        String name = canaries.next("param");
        String value = canaries.next("value");
        for (String path : List.of("/api/v1/customers?stauts=ACTIVE&" + name + "=" + value,
                "/api/v1/customers/" + registered.get(0) + "?" + name + "=" + value,
                "/api/v1/compliance/access-log?" + name + "=" + value,
                "/api/v1/compliance/erasures?subject=" + value)) {
            Response refused = vault.get(COMPLIANCE, path);
            assertThat(refused.status()).as(path).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("query");
            assertThat(refused.body()).doesNotContain(name).doesNotContain(value).doesNotContain("stauts");
        }
        assertThat(vault.get(AGENT, "/api/v1/customers?stauts=ACTIVE").json().at("/errors/0/message").asText())
                .contains("consent, cursor, page, q, size, sort, status");
    }

    @Test
    void refusesCursorsItDidNotGiveOutOrGaveOutForAnotherOrder() {
        String byCreation = vault.get(AGENT, "/api/v1/customers?sort=createdAt&size=2").json().get("nextCursor").asText();
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("1|customers-createdAt|yesterday|nobody".getBytes(StandardCharsets.UTF_8));
        for (String path : List.of("/api/v1/customers?sort=name&cursor=" + byCreation,
                "/api/v1/customers?sort=createdAt&cursor=" + byCreation + "&page=1",
                "/api/v1/customers?sort=createdAt&cursor=" + forged,
                "/api/v1/customers?cursor=%25%25%25",
                "/api/v1/compliance/access-log?cursor=" + byCreation,
                "/api/v1/customers/" + registered.get(0) + "/timeline?cursor=" + byCreation)) {
            Response refused = vault.get(COMPLIANCE, path);
            assertThat(refused.status()).as(path).isEqualTo(400);
            assertThat(refused.json().at("/errors/0/field").asText()).as(path).isEqualTo("cursor");
        }
        assertThat(vault.get(AGENT, "/api/v1/customers?sort=surname").json().at("/errors/0/field").asText())
                .isEqualTo("sort");
        for (String consent : List.of("News%20letter", "newsletter:revoked", "newsletter:", ":granted",
                "newsletter:granted:granted")) {
            assertThat(vault.get(AGENT, "/api/v1/customers?consent=" + consent).json().at("/errors/0/field").asText())
                    .as(consent).isEqualTo("consent");
        }
        assertThat(vault.get(AGENT, "/api/v1/customers?status=GONE").status()).isEqualTo(400);
    }

    @Test
    void pagesThroughTheTimelineByCursor() {
        String id = registered.get(3);
        String path = "/api/v1/customers/" + id + "/timeline?size=1";
        List<Long> sequences = new ArrayList<>();
        JsonNode page = vault.get(AGENT, path).json();
        long total = page.get("total").asLong();
        while (true) {
            page.get("items").forEach(item -> sequences.add(item.get("sequence").asLong()));
            if (!page.hasNonNull("nextCursor")) {
                break;
            }
            page = vault.get(AGENT, path + "&cursor=" + page.get("nextCursor").asText()).json();
        }
        assertThat(total).isEqualTo(3);
        assertThat(sequences).containsExactly(2L, 1L, 0L);
    }

    @Test
    void theAccessLogSaysItsTotalAndPagesThroughEveryEntryOnceInOrder() {
        // a customer of this test's own, read a known number of times, so that no other test adds to their entries
        String reader = vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"Lea Logged\"}").json().get("id").asText();
        for (int i = 0; i < 5; i++) {
            vault.get(AGENT, "/api/v1/customers/" + reader);
        }
        String path = "/api/v1/compliance/access-log?size=2&subjectId=" + reader;
        Response first = vault.get(COMPLIANCE, path);
        assertThat(first.header("X-Total-Count")).isEqualTo("5");
        assertThat(first.header("X-Total-Capped")).isNull();
        assertThat(first.header("Link")).startsWith("</api/v1/compliance/access-log?").endsWith(">; rel=\"next\"");
        List<JsonNode> entries = new ArrayList<>();
        Response page = first;
        while (true) {
            page.json().forEach(entries::add);
            if (page.header("X-Next-Cursor") == null) {
                break;
            }
            page = vault.get(COMPLIANCE, page.header("Link").substring(1, page.header("Link").indexOf('>')));
        }
        assertThat(entries).hasSize(5);
        List<Instant> ats = entries.stream().map(entry -> Instant.parse(entry.get("at").asText())).toList();
        assertThat(ats).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void theAccessLogsTotalIsCountedUpToItsCapAndSaysSo() {
        String subject = java.util.UUID.randomUUID().toString();
        vault.superuserJdbc().update("""
                INSERT INTO access_log (at, actor, subject_id, action, purpose)
                SELECT now() - n * interval '1 millisecond', 'agent', ?::uuid, 'customer.view', NULL
                FROM generate_series(1, 10001) AS n""", subject);

        Response capped = vault.get(COMPLIANCE, "/api/v1/compliance/access-log?size=1&subjectId=" + subject);

        assertThat(capped.header("X-Total-Count")).isEqualTo("10000");
        assertThat(capped.header("X-Total-Capped")).isEqualTo("true");
    }

    @Test
    void pagesThroughTheDefaultOrderByCursorAsOneLongPageWouldList() {
        List<String> onePage = ids(vault.get(AGENT, "/api/v1/customers?size=100").json());
        assertThat(everyPage("/api/v1/customers?size=1")).containsExactlyElementsOf(onePage);
        assertThat(everyPage("/api/v1/customers?sort=lastActivityAt&size=2")).containsExactlyElementsOf(reversed(onePage));
    }

    @Test
    void theLedgerSaysItsTotalAndWhereTheNextPageStarts() {
        List<String> erased = new ArrayList<>();
        for (String name : List.of("Dora Erased", "Elio Erased")) {
            erased.add(vault.post(AGENT, "/api/v1/customers", "{\"fullName\": \"" + name + "\"}").json().get("id").asText());
        }
        for (String id : erased) {
            assertThat(vault.send(COMPLIANCE, "DELETE", "/api/v1/customers/" + id, null, null).status()).isEqualTo(200);
        }
        Response ledger = vault.get(ADMIN, "/api/v1/compliance/erasures?size=1");
        assertThat(ledger.header("X-Total-Count")).isEqualTo("2");
        assertThat(ledger.json().get(0).get("subjectId").asText()).isEqualTo(erased.get(1));
        Response rest = vault.get(ADMIN, "/api/v1/compliance/erasures?size=1&cursor=" + ledger.header("X-Next-Cursor"));
        assertThat(rest.json().get(0).get("subjectId").asText()).isEqualTo(erased.get(0));
        assertThat(rest.header("X-Next-Cursor")).isNull();
    }

    private static List<String> everyPage(String path) {
        List<String> seen = new ArrayList<>();
        JsonNode page = vault.get(AGENT, path).json();
        while (true) {
            seen.addAll(ids(page));
            if (!page.hasNonNull("nextCursor")) {
                return seen;
            }
            page = vault.get(AGENT, path + "&cursor=" + page.get("nextCursor").asText()).json();
        }
    }

    private static List<String> reversed(List<String> list) {
        List<String> reversed = new ArrayList<>(list);
        Collections.reverse(reversed);
        return reversed;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static List<String> names(String path) {
        List<String> found = new ArrayList<>();
        vault.get(AGENT, path).json().get("items").forEach(item -> found.add(item.get("fullName").asText()));
        return found;
    }
}
