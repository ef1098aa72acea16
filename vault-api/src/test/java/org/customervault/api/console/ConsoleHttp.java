package org.customervault.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.customervault.api.support.RunningVault;

/**
 * The console as a browser without JavaScript uses it, over HTTP: a session by its cookie, pages by GET,
 * forms by POST with the tokens their page carried. Redirects are not followed, so that tests see them.
 */
public final class ConsoleHttp {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern FORM_TOKEN = Pattern.compile("name=\"formToken\" value=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");

    private final RunningVault vault;
    private final String language;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** Requests in {@code language} (an Accept-Language) unless they name their own; none: the console's default, Spanish. */
    public ConsoleHttp(RunningVault vault, String language) {
        this.vault = vault;
        this.language = language;
    }

    /** The answer to the sign-in form, whose session cookie is the signed-in session when it succeeded. */
    public HttpResponse<String> signIn(String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> page = get("/console/login", null, Map.of());
        return post("/console/login", session(page), "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + csrf(page.body()));
    }

    public HttpResponse<String> get(String path, String cookie) throws IOException, InterruptedException {
        return get(path, cookie, Map.of());
    }

    public HttpResponse<String> get(String path, String cookie, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(vault.baseUrl() + path)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (language != null && !headers.containsKey("Accept-Language")) {
            request.header("Accept-Language", language);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    public HttpResponse<String> post(String path, String cookie, String form) throws IOException, InterruptedException {
        return send(postRequest(path, cookie, form, language));
    }

    public HttpResponse<String> post(String path, String cookie, String form, String language)
            throws IOException, InterruptedException {
        return send(postRequest(path, cookie, form, language));
    }

    public HttpRequest postRequest(String path, String cookie, String form, String language) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(vault.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (language != null) {
            request.header("Accept-Language", language);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return request.build();
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpClient client() {
        return http;
    }

    public static String csrf(String page) {
        return found(CSRF, page, "a CSRF token");
    }

    public static String formToken(String page) {
        return found(FORM_TOKEN, page, "a one-time form token");
    }

    public static String found(Pattern pattern, String page, String what) {
        Matcher found = pattern.matcher(page);
        assertThat(found.find()).as("the page carries " + what).isTrue();
        return found.group(1);
    }

    /** The session cookie to send back, from the response that set it; null when it set none. */
    public static String session(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().map(SESSION::matcher).filter(Matcher::find)
                .map(found -> "JSESSIONID=" + found.group(1)).findFirst().orElse(null);
    }

    public static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }
}
