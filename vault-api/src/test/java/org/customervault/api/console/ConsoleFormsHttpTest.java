package org.customervault.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.customervault.api.console.ConsoleHttp.csrf;
import static org.customervault.api.console.ConsoleHttp.formToken;
import static org.customervault.api.console.ConsoleHttp.found;
import static org.customervault.api.console.ConsoleHttp.header;
import static org.customervault.api.console.ConsoleHttp.session;
import static org.assertj.core.api.Assertions.fail;
import static org.customervault.api.support.RunningVault.ADMIN;
import static org.customervault.api.support.RunningVault.PASSWORD;

import java.lang.reflect.Method;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.customervault.api.idempotency.FormTokens;
import org.customervault.api.support.RunningVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.util.HtmlUtils;

/**
 * The console's changing forms, attacked over HTTP with real sessions and valid CSRF tokens: each is refused to a role
 * below its own and changes nothing; a form sent under a version of the customer that is no longer current is refused
 * as the API refuses it (412) and stores nothing; and a form sent twice acts once.
 */
class ConsoleFormsHttpTest {

    private static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"([^\"]*)\"");
    /** Users of this class alone: another test signing in wrongly cannot lock them out. */
    private static final String OFFICER = "forms.officer";
    private static final String AGENT = "forms.agent";
    private static final String USER_PASSWORD = "a-long-enough-passphrase-9";
    /** Tables that the vault's own background work writes to while no request comes in. */
    private static final List<String> BACKGROUND = List.of("tokenentry", "vault_node", "integrity_checkpoint",
            "integrity_watermark", "integrity_link", "key_eviction", "publication_marks", "access_log");

    @TempDir
    static Path dataDir;
    private static RunningVault vault;
    private static ConsoleHttp console;

    @BeforeAll
    static void start() throws InterruptedException {
        vault = RunningVault.start(dataDir);
        console = new ConsoleHttp(vault, "en");
        for (String[] user : List.of(new String[]{OFFICER, "COMPLIANCE"}, new String[]{AGENT, "AGENT"})) {
            assertThat(vault.post(ADMIN, "/api/v1/admin/users", "{\"name\": \"" + user[0] + "\", \"password\": \""
                    + USER_PASSWORD + "\", \"roles\": [\"" + user[1] + "\"]}").status()).isEqualTo(201);
        }
        attackedCustomer = customer("Bruno Frontera");
        attackedToken = vault.post(ADMIN, "/api/v1/admin/tokens", "{\"name\": \"boundary\", \"roles\": [\"AGENT\"]}")
                .json().get("id").asText();
        attackedRequest = vault.post(RunningVault.COMPLIANCE, "/api/v1/compliance/requests", """
                {"subjectId": "%s", "kind": "access", "jurisdiction": "CO", "channel": "EMAIL",
                 "receivedAt": "2026-01-05T10:00:00Z"}""".formatted(attackedCustomer)).json().get("id").asText();
        vault.awaitReadModels();
    }

    /** What the attacked posts name: a customer, an API token and a data subject's request. */
    private static String attackedCustomer;
    private static String attackedToken;
    private static String attackedRequest;

    @AfterAll
    static void stop() {
        vault.close();
    }

    // ---- role boundary ----------------------------------------------------------------------------------------

    /**
     * Every POST the console's administration and compliance controllers map, read from the controllers themselves,
     * so a new one is attacked here without anyone remembering to add it; each with the roles below its own.
     */
    static Stream<Arguments> postsAndTheRolesRefused() {
        List<Arguments> posts = new ArrayList<>();
        List<String> admin = posts("admin");
        List<String> compliance = posts("compliance");
        assertThat(admin).as("the scan finds the administration's posts").hasSizeGreaterThanOrEqualTo(9)
                .contains("/console/admin/projections/rebuild", "/console/admin/tokens");
        assertThat(compliance).as("the scan finds the compliance posts").hasSizeGreaterThanOrEqualTo(10)
                .contains("/console/compliance/customers/{id}/erasure", "/console/compliance/requests/new");
        for (String path : admin) {
            posts.add(Arguments.of(OFFICER, path));
            posts.add(Arguments.of(AGENT, path));
        }
        for (String path : compliance) {
            posts.add(Arguments.of(AGENT, path));
        }
        return posts.stream();
    }

    private static List<String> posts(String area) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Controller.class));
        List<String> paths = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("org.customervault.api.console." + area)) {
            Class<?> type;
            try {
                type = Class.forName(candidate.getBeanClassName());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            RequestMapping onType = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
            List<String> prefixes = onType == null || onType.path().length == 0 ? List.of("") : List.of(onType.path());
            for (Method method : type.getDeclaredMethods()) {
                RequestMapping onMethod = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (onMethod == null || !Arrays.asList(onMethod.method()).contains(RequestMethod.POST)) {
                    continue;
                }
                for (String prefix : prefixes) {
                    for (String path : onMethod.path().length == 0 ? new String[]{""} : onMethod.path()) {
                        paths.add(prefix + path);
                    }
                }
            }
        }
        return paths.stream().sorted().toList();
    }

    /**
     * A session of a lower role, with a valid CSRF token and a valid form token, posts what would act if its role
     * allowed it (a rebuild confirmed, a user with ADMIN, a restriction, an erasure confirmed, a request): refused
     * with the 403 page, and not a row of the vault's tables differs afterwards.
     */
    @ParameterizedTest(name = "{0} posts {1}")
    @MethodSource("postsAndTheRolesRefused")
    void aLowerRolesSessionWithAValidCsrfTokenChangesNothing(String user, String mapping) throws Exception {
        String path = mapping.replace("/tokens/{id}", "/tokens/" + attackedToken)
                .replace("/customers/{id}", "/customers/" + attackedCustomer)
                .replace("/requests/{id}", "/requests/" + attackedRequest);
        if (path.contains("{")) {
            fail("a path variable this test does not know how to fill: " + mapping);
        }
        String session = session(console.signIn(user, USER_PASSWORD));
        // the home page, which every role opens, has the session's CSRF token (its sign-out form); any token is well formed
        String body = "_csrf=" + csrf(console.get("/console", session).body()) + "&formToken=" + FormTokens.next()
                + "&confirmed=yes&name=boundary.user"
                + "&password=a-long-enough-passphrase&roles=ADMIN&restricted=true&held=true&reason=boundary"
                + "&subjectId=" + attackedCustomer + "&kind=access&jurisdiction=CO&channel=EMAIL&receivedAt=2026-01-05T10:00"
                + "&method=IN_PERSON&extensionReason=boundary&refusalReason=boundary&evidenceType=LETTER"
                + "&evidenceReference=boundary&text=boundary&language=es&expiresAt=&q=";
        Map<String, String> before = quietTables();

        HttpResponse<String> refused = console.post(path, session, body);

        assertThat(refused.statusCode()).as(user + " " + path).isEqualTo(403);
        assertThat(refused.body()).contains("Access denied");
        assertThat(tables()).as("no table changed").isEqualTo(before);
        assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM tokenentry WHERE tokentype LIKE '%ReplayToken'",
                Long.class)).as("no rebuild was started").isZero();
    }

    /** The tables once the vault's work on earlier requests (its read models catching up) has ended. */
    private static Map<String, String> quietTables() throws InterruptedException {
        Map<String, String> earlier = tables();
        for (int wait = 0; wait < 50; wait++) {
            Thread.sleep(200);
            Map<String, String> now = tables();
            if (now.equals(earlier)) {
                return now;
            }
            earlier = now;
        }
        throw new AssertionError("the vault's tables kept changing with no request coming in");
    }

    /** Each table's rows as one digest, but for the tables the vault's background work writes to by itself. */
    private static Map<String, String> tables() {
        Map<String, String> digests = new LinkedHashMap<>();
        for (String table : vault.jdbc().queryForList("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name""",
                String.class)) {
            if (!BACKGROUND.contains(table)) {
                digests.put(table, vault.jdbc().queryForObject("SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY"
                        + " t::text), '')) FROM \"" + table + "\" t", String.class));
            }
        }
        return digests;
    }

    // ---- a version that is no longer current -------------------------------------------------------------------

    /** Two sessions open the same page; the first sends its form, the second then sends its own from the older page. */
    static Stream<Arguments> formsUnderTheVersionShown() {
        return Stream.of(
                Arguments.of("objection", AGENT, "", "/objections",
                        "objectionPurpose=profiling&objected=true&objectionReason=first", "objectionPurpose=profiling&objected=false",
                        "Someone changed this customer since you opened the page"),
                Arguments.of("consent", AGENT, "", "/consents",
                        "purpose=marketing&granted=true&noticeVersion=forms-1&consentChannel=EMAIL",
                        "purpose=marketing&granted=false&noticeVersion=forms-1&consentChannel=EMAIL",
                        "Someone changed this customer since you opened the page"),
                Arguments.of("edit", OFFICER, "/edit", "/edit", "fullName=First+Name", "fullName=Second+Name",
                        "Someone else changed this customer while you were editing"),
                Arguments.of("restriction", OFFICER, "compliance", "/restriction", "restricted=true&reason=first",
                        "restricted=true&reason=second", "id=\"restriction-changed\""),
                Arguments.of("legal hold", OFFICER, "compliance", "/legal-hold", "held=true&reason=first",
                        "held=true&reason=second", "id=\"hold-changed\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formsUnderTheVersionShown")
    void aFormSentFromAPageOthersChangedSinceIsRefusedWith412AndStoresNothing(String form, String user, String where,
            String action, String first, String second, String message) throws Exception {
        vault.registerNotice("forms-1");
        String customer = customer("Vera Versionada");
        vault.awaitReadModels();
        String base = (where.equals("compliance") ? "/console/compliance/customers/" : "/console/customers/") + customer;
        String page = base + (where.equals("/edit") ? "/edit" : "");
        String one = session(console.signIn(user, USER_PASSWORD));
        String two = session(console.signIn(user, USER_PASSWORD));
        String shownToOne = console.get(page, one).body();
        String shownToTwo = console.get(page, two).body();
        assertThat(version(shownToTwo)).as("the form carries the version shown").isNotBlank();

        HttpResponse<String> sentFirst = console.post(base + action, one, fields(shownToOne) + "&" + first);
        assertThat(sentFirst.statusCode()).as(sentFirst.body()).isEqualTo(302);
        String afterFirst = vault.get(ADMIN, "/api/v1/customers/" + customer).header("ETag");

        HttpResponse<String> sentSecond = console.post(base + action, two, fields(shownToTwo) + "&" + second);

        assertThat(sentSecond.statusCode()).as("the API's answer to a stale If-Match").isEqualTo(412);
        assertThat(sentSecond.body()).contains(message).doesNotContain("??").doesNotContain("Incident");
        assertThat(vault.get(ADMIN, "/api/v1/customers/" + customer).header("ETag")).as("nothing stored")
                .isEqualTo(afterFirst);
    }

    /** The hidden fields a page's form sends: its CSRF token, its one-time token and the version it showed. */
    private static String fields(String page) {
        return "_csrf=" + csrf(page) + "&formToken=" + formToken(page) + "&version="
                + URLEncoder.encode(version(page), StandardCharsets.UTF_8);
    }

    /** A conflict the console's controller does not expect (the API's 409) is a page saying so, not an incident. */
    @Test
    void anApiConflictIsA409PageNotAFailure() throws Exception {
        String admin = session(console.signIn(ADMIN, PASSWORD));
        String token = csrf(console.get("/console/admin/users", admin).body());

        HttpResponse<String> configured = console.post("/console/admin/users/remove", admin, "_csrf=" + token + "&name="
                + RunningVault.AGENT);

        assertThat(configured.statusCode()).isEqualTo(409);
        assertThat(configured.body()).contains("nothing was stored").doesNotContain("Incident");
        assertThat(vault.get(RunningVault.AGENT, PASSWORD, "/api/v1/customers").status()).isEqualTo(200);
    }

    // ---- a form sent twice ----------------------------------------------------------------------------------

    @Test
    void anInteractionOrPurchaseFormSentTwiceIsStoredOnce() throws Exception {
        String customer = customer("Doble Clic");
        vault.awaitReadModels();
        String agent = session(console.signIn(AGENT, USER_PASSWORD));
        String view = "/console/customers/" + customer;

        for (var form : Map.of("/interactions", "channel=EMAIL&summary=Asked+about+the+invoice",
                "/purchases", "orderRef=ORD-TWICE-1&amount=42.00&currency=USD").entrySet()) {
            String page = console.get(view, agent).body();
            String body = "_csrf=" + csrf(page) + "&formToken=" + formToken(page) + "&" + form.getValue();

            HttpResponse<String> firstSent = console.post(view + form.getKey(), agent, body);
            HttpResponse<String> sentAgain = console.post(view + form.getKey(), agent, body);

            assertThat(firstSent.statusCode()).as(form.getKey()).isEqualTo(302);
            assertThat(sentAgain.statusCode()).as("the first's answer, not a duplicate order").isEqualTo(302);
            assertThat(header(sentAgain, "Location")).isEqualTo(header(firstSent, "Location"));
        }
        assertThat(events(customer, "InteractionRecordedEvent")).isEqualTo(1);
        assertThat(events(customer, "PurchaseRecordedEvent")).isEqualTo(1);
    }

    /** A double click: the second post arrives while the first is running, and waits for its answer. */
    @Test
    void aFormSentTwiceAtOnceIsStoredOnce() throws Exception {
        String customer = customer("Clic Simultáneo");
        vault.awaitReadModels();
        String agent = session(console.signIn(AGENT, USER_PASSWORD));
        String view = "/console/customers/" + customer;
        String page = console.get(view, agent).body();
        String body = "_csrf=" + csrf(page) + "&formToken=" + formToken(page) + "&channel=PHONE&summary=Called+once";

        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int click = 0; click < 3; click++) {
            sent.add(console.client().sendAsync(console.postRequest(view + "/interactions", agent, body, "en"),
                    HttpResponse.BodyHandlers.ofString()));
        }

        for (CompletableFuture<HttpResponse<String>> answer : sent) {
            assertThat(answer.get().statusCode()).isEqualTo(302);
            assertThat(header(answer.get(), "Location")).endsWith(view);
        }
        assertThat(events(customer, "InteractionRecordedEvent")).isEqualTo(1);
    }

    @Test
    void aRequestFormSentTwiceRecordsOneRequest() throws Exception {
        String customer = customer("Petra Peticiones");
        String officer = session(console.signIn(OFFICER, USER_PASSWORD));
        String page = console.get("/console/compliance/requests/new?subjectId=" + customer, officer).body();
        String body = "_csrf=" + csrf(page) + "&formToken=" + formToken(page) + "&subjectId=" + customer
                + "&kind=access&jurisdiction=CO&channel=EMAIL&receivedAt=2026-01-05T10:00";
        long before = requests(customer);

        HttpResponse<String> firstSent = console.post("/console/compliance/requests/new", officer, body);
        HttpResponse<String> sentAgain = console.post("/console/compliance/requests/new", officer, body);

        assertThat(firstSent.statusCode()).isEqualTo(302);
        assertThat(sentAgain.statusCode()).isEqualTo(302);
        assertThat(header(sentAgain, "Location")).as("the request the first recorded")
                .isEqualTo(header(firstSent, "Location")).contains("/console/compliance/requests/");
        assertThat(requests(customer)).isEqualTo(before + 1);
    }

    /**
     * The token is no switch to turn off: without it a form records nothing; with other values it records nothing more;
     * a refused form releases it, so the same form corrected runs.
     */
    @Test
    void aFormWithoutItsTokenOrWithItsTokenReusedRecordsNothing() throws Exception {
        String customer = customer("Tomás Token");
        vault.awaitReadModels();
        String agent = session(console.signIn(AGENT, USER_PASSWORD));
        String view = "/console/customers/" + customer;
        String page = console.get(view, agent).body();
        String csrf = "_csrf=" + csrf(page);
        String token = "&formToken=" + formToken(page);

        HttpResponse<String> withoutToken = console.post(view + "/interactions", agent, csrf + "&channel=EMAIL&summary=No+token");
        HttpResponse<String> refused = console.post(view + "/interactions", agent, csrf + token + "&summary=No+channel");
        HttpResponse<String> corrected = console.post(view + "/interactions", agent, csrf + token + "&channel=EMAIL&summary=Fixed");
        HttpResponse<String> otherValues = console.post(view + "/interactions", agent, csrf + token
                + "&channel=EMAIL&summary=Something+else");

        assertThat(withoutToken.statusCode()).isEqualTo(400);
        assertThat(withoutToken.body()).contains("Reload the page").doesNotContain("No token");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(corrected.statusCode()).as("a refused form keeps nothing of its token").isEqualTo(302);
        assertThat(otherValues.statusCode()).isEqualTo(422);
        assertThat(otherValues.body()).contains("already sent with other values").doesNotContain("Something else");
        assertThat(events(customer, "InteractionRecordedEvent")).isEqualTo(1);
        assertThat(vault.jdbc().queryForObject("SELECT count(*) FROM idempotency_key WHERE body IS NOT NULL",
                Long.class)).as("no page, and so no typed value, is kept").isZero();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static String customer(String name) {
        return vault.post(ADMIN, "/api/v1/customers", "{\"fullName\": \"" + name + "\"}").json().get("id").asText();
    }

    private static long events(String customer, String type) {
        return vault.jdbc().queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?"
                + " AND payloadtype LIKE ?", Long.class, customer, "%." + type);
    }

    private static long requests(String customer) {
        return vault.jdbc().queryForObject("SELECT count(*) FROM data_subject_request WHERE subject_id::text = ?",
                Long.class, customer);
    }

    /** The ETag as the page has it, unescaped as a browser sends it ({@code "3"}, quotes included). */
    private static String version(String page) {
        return HtmlUtils.htmlUnescape(found(VERSION, page, "the version shown"));
    }
}
