package org.customervault.api.contract;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.customervault.api.support.RunningVault.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document a running vault serves, as a judge of its own answers: each answer's body is
 * validated against the schema the document declares for that operation, status and content type
 * (references resolved against the document's components, formats asserted), and every operation
 * an answer was judged for is remembered, so a test can ask which ones it never exercised.
 */
final class ServedDocument {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private final JsonNode document;
    private final List<Template> templates;
    private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private final Set<String> exercised = new TreeSet<>();

    private record Template(String path, Pattern pattern, int variables) {
    }

    ServedDocument(String document) {
        this.document = JSON.readTree(document);
        List<Template> paths = new ArrayList<>();
        this.document.get("paths").propertyNames().forEach(path -> paths.add(new Template(path,
                Pattern.compile(path.replaceAll("\\{[^/]+}", "[^/]+")), path.split("\\{", -1).length - 1)));
        // a literal segment wins over a variable one: /rotations/{id} before /{id}
        paths.sort(Comparator.comparingInt(Template::variables));
        this.templates = List.copyOf(paths);
    }

    /** Every operation of the document, as {@code METHOD /path/{template}}. */
    Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        document.get("paths").properties().forEach(path -> path.getValue().propertyNames().stream()
                .filter(METHODS::contains)
                .forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        return operations;
    }

    Set<String> exercised() {
        return Set.copyOf(exercised);
    }

    /**
     * The problems of {@code response} against the document, empty if it conforms: an operation the
     * document lacks, a status or content type it does not declare, a body its schema refuses.
     */
    List<String> problems(String method, String pathAndQuery, Response response) {
        String path = pathAndQuery.replaceFirst("\\?.*", "");
        Optional<Template> template = templates.stream().filter(t -> t.pattern().matcher(path).matches())
                .filter(t -> document.get("paths").get(t.path()).has(method.toLowerCase(Locale.ROOT)))
                .findFirst();
        String call = method + " " + pathAndQuery + " → " + response.status();
        if (template.isEmpty()) {
            return List.of(call + ": no such operation in the document");
        }
        exercised.add(method + " " + template.get().path());
        String pointer = "/paths/" + escape(template.get().path()) + "/" + method.toLowerCase(Locale.ROOT) + "/responses";
        JsonNode responses = document.at(pointer);
        String status = String.valueOf(response.status());
        if (!responses.has(status)) {
            return List.of(call + ": status not declared (declared: " + responses.propertyNames() + ")");
        }
        JsonNode content = responses.get(status).get("content");
        String body = response.body() == null ? "" : response.body();
        if (content == null || content.isEmpty()) {
            return body.isEmpty() ? List.of() : List.of(call + ": a body where the document declares none");
        }
        String mediaType = response.contentType().replaceFirst(";.*", "").trim();
        JsonNode media = content.get(mediaType);
        if (media == null) {
            return List.of(call + ": content type " + mediaType + " not declared (declared: " + content.propertyNames() + ")");
        }
        if (!media.has("schema")) {
            return List.of();
        }
        JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (RuntimeException notJson) {
            return List.of(call + ": not JSON: " + body);
        }
        List<Error> errors = schemaOf(media.get("schema")).validate(instance);
        List<String> problems = new ArrayList<>();
        errors.forEach(error -> problems.add(call + ": " + error.getInstanceLocation() + " " + error.getMessage()));
        if (!problems.isEmpty()) {
            problems.add(call + " answered " + body);
        }
        return problems;
    }

    /** The schema as a document of its own that carries the served components, so that its references resolve. */
    private Schema schemaOf(JsonNode declared) {
        ObjectNode root = ((ObjectNode) declared.deepCopy());
        root.set("components", document.get("components"));
        return schemas.getSchema(root);
    }

    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }

    /** The operations of the document that no answer was judged for. */
    Set<String> notExercised() {
        Set<String> missing = new LinkedHashSet<>(operations());
        missing.removeAll(exercised);
        return missing;
    }

}
