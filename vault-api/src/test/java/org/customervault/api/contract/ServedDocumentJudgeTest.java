package org.customervault.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.Map;
import org.customervault.api.support.RunningVault.Response;
import org.junit.jupiter.api.Test;

/** The judge itself: it finds what does not conform, follows references, and knows what it has not seen. */
class ServedDocumentJudgeTest {

    private static final String DOCUMENT = """
            {"openapi": "3.1.0", "paths": {
              "/things/{id}": {"get": {"responses": {
                "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                "404": {"content": {"application/problem+json": {"schema": {"type": "object", "required": ["status"]}}}}}}},
              "/things/special": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"type": "string"}}}}}}},
              "/other": {"post": {"responses": {"201": {"description": "no body"}}}}},
             "components": {"schemas": {"Thing": {"type": "object", "required": ["id"],
               "properties": {"id": {"type": "string", "format": "uuid"}, "amount": {"type": "string", "pattern": "^[0-9]+$"}}}}}}""";

    @Test
    void findsWhatDoesNotConform() {
        ServedDocument document = new ServedDocument(DOCUMENT);

        assertThat(document.problems("GET", "/things/1", json(200, "{\"id\": \"5b0c7b0e-2d1f-4bde-9f2a-0c6c8d8e1a11\", \"amount\": \"42\"}")))
                .isEmpty();
        assertThat(document.problems("GET", "/things/1?x=1", json(200, "{\"id\": \"not-a-uuid\", \"amount\": 42}")))
                .anySatisfy(problem -> assertThat(problem).contains("/id"))
                .anySatisfy(problem -> assertThat(problem).contains("/amount"));
        assertThat(document.problems("GET", "/things/1", json(200, "{}"))).anySatisfy(problem -> assertThat(problem).contains("id"));
        assertThat(document.problems("GET", "/things/1", json(500, "{}"))).singleElement().asString().contains("status not declared");
        assertThat(document.problems("GET", "/things/1", new Response(404, "{\"status\": 404}", "application/json", null, headers())))
                .singleElement().asString().contains("content type application/json not declared");
        assertThat(document.problems("POST", "/other", json(201, "{\"id\": 1}"))).singleElement().asString().contains("a body");
        assertThat(document.problems("DELETE", "/other", json(200, ""))).singleElement().asString().contains("no such operation");

        assertThat(document.notExercised()).containsExactly("GET /things/special");
        assertThat(document.problems("GET", "/things/special", json(200, "\"a literal path wins\""))).isEmpty();
        assertThat(document.notExercised()).isEmpty();
    }

    private static Response json(int status, String body) {
        return new Response(status, body, "application/json;charset=UTF-8", null, headers());
    }

    private static HttpHeaders headers() {
        return HttpHeaders.of(Map.of(), (name, value) -> true);
    }
}
