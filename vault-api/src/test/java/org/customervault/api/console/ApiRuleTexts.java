package org.customervault.api.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.customervault.api.subjectrequest.EvidenceType;
import org.customervault.api.subjectrequest.RequestStatus;
import org.customervault.domain.request.RequestKind;

/**
 * Every English text the requests' and notices' forms can be refused with, read from the source that writes them
 * rather than copied by hand: the message of each {@code new Violation(…)}, {@code new InvalidRequestException(…)} and
 * {@code new ConflictException(…)} in the API classes behind those forms (and the console's own ConsoleTimes). A
 * message is a concatenation of literals, variables and conditionals; a conditional gives both of its branches, a
 * variable each of its sample values below. A message naming a variable without samples fails here, so a new rule
 * cannot slip past the translation tests unseen.
 */
final class ApiRuleTexts {

    /** The sources behind the forms: the data subjects' requests (record, verify, start, answer, extend, refuse),
     * the privacy notices, and the moments typed in the console's forms. */
    static final List<Path> SOURCES = List.of(
            Path.of("src/main/java/org/customervault/api/subjectrequest/SubjectRequestController.java"),
            Path.of("src/main/java/org/customervault/api/subjectrequest/AnswerEvidence.java"),
            Path.of("src/main/java/org/customervault/api/notice/NoticeController.java"),
            Path.of("src/main/java/org/customervault/api/console/compliance/ConsoleTimes.java"),
            Path.of("src/main/java/org/customervault/api/customer/RecordPurchaseRequest.java"),
            Path.of("src/main/java/org/customervault/api/customer/RecordInteractionRequest.java"),
            Path.of("src/main/java/org/customervault/api/customer/ConsentRequest.java"));

    private static final Pattern REFUSAL = Pattern.compile(
            "new (Violation|InvalidRequestException|ConflictException)\\(|(?<![\\w.])(stepped)\\(");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ApiRuleTexts() {
    }

    /** Every text the sources can produce, each variable replaced by each of its samples. */
    static Set<String> all() {
        List<String> texts = new ArrayList<>();
        List<String> stepRules = new ArrayList<>();
        List<String> withVariables = new ArrayList<>();
        for (Path source : SOURCES) {
            String code = read(source);
            Matcher call = REFUSAL.matcher(code);
            while (call.find()) {
                List<String> arguments = arguments(code, call.end());
                String kind = call.group(1) == null ? call.group(2) : call.group(1);
                // new InvalidRequestException(violations) carries a list, not a text; Violation(field, text)
                boolean textless = kind.equals("InvalidRequestException") && arguments.size() == 1;
                if (textless || arguments.isEmpty()) {
                    continue;
                }
                String message = arguments.get(arguments.size() - 1);
                if (kind.equals("stepped")) {
                    // the reasons a request's 409 quotes; stepped's own declaration names a parameter, no text
                    if (message.startsWith("\"")) {
                        stepRules.addAll(evaluate(message, variable -> {
                            throw new AssertionError("a step's reason is one text: " + message);
                        }));
                    }
                    continue;
                }
                withVariables.add(message);
            }
        }
        Map<String, List<String>> samples = samples(stepRules);
        for (String message : withVariables) {
            texts.addAll(evaluate(message, variable -> {
                List<String> values = samples.get(variable);
                if (values == null) {
                    throw new AssertionError("no sample for `" + variable + "` in the rule " + message
                            + ": add one to ApiRuleTexts");
                }
                return values;
            }));
        }
        return new LinkedHashSet<>(texts);
    }

    /** What each variable a message names can hold. */
    private static Map<String, List<String>> samples(List<String> stepRules) {
        List<String> evidenceTypes = Arrays.stream(EvidenceType.values()).map(Enum::name).toList();
        List<String> typeChoices = new ArrayList<>(evidenceTypes);
        typeChoices.add("ERASURE_CERTIFICATE or LETTER");
        return Map.of(
                "max", List.of("200", "500", "2000"),
                "MAX_TEXT_LENGTH", List.of("60000"),
                "now.status()", Arrays.stream(RequestStatus.values()).map(Enum::name).toList(),
                "rule", stepRules,
                "types", typeChoices,
                "request.kind().value()", Arrays.stream(RequestKind.values()).map(RequestKind::value).toList(),
                "type.name()", evidenceTypes,
                "term.source()", List.of("GDPR, Art. 12(3)", "Ley 25.326, Art. 16"));
    }

    /** The arguments of the call whose parenthesis opened just before {@code from}, split at its top-level commas. */
    private static List<String> arguments(String code, int from) {
        List<String> arguments = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int at = from; at < code.length(); at++) {
            char c = code.charAt(at);
            if (c == '"') {
                at = endOfLiteral(code, at);
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    String last = code.substring(start, at).strip();
                    if (!last.isEmpty()) {
                        arguments.add(last);
                    }
                    return arguments;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                arguments.add(code.substring(start, at).strip());
                start = at + 1;
            }
        }
        throw new AssertionError("unclosed call at " + from);
    }

    /**
     * The texts an expression can be: {@code a ? b : c} is b or c (the condition is not evaluated), {@code a + b}
     * each of a's texts followed by each of b's, a literal itself, a parenthesised expression its own, anything else
     * a variable's samples.
     */
    static List<String> evaluate(String expression, Function<String, List<String>> variables) {
        String e = expression.strip();
        int question = topLevel(e, '?', 0);
        if (question >= 0) {
            int colon = topLevel(e, ':', question + 1);
            List<String> either = new ArrayList<>(evaluate(e.substring(question + 1, colon), variables));
            either.addAll(evaluate(e.substring(colon + 1), variables));
            return either;
        }
        int plus = topLevel(e, '+', 0);
        if (plus >= 0) {
            List<String> joined = new ArrayList<>();
            for (String head : evaluate(e.substring(0, plus), variables)) {
                for (String tail : evaluate(e.substring(plus + 1), variables)) {
                    joined.add(head + tail);
                }
            }
            return joined;
        }
        Matcher literal = LITERAL.matcher(e);
        if (literal.matches()) {
            return List.of(unescape(literal.group(1)));
        }
        if (e.startsWith("(") && e.endsWith(")")) {
            return evaluate(e.substring(1, e.length() - 1), variables);
        }
        return variables.apply(e);
    }

    /** The first {@code wanted} outside literals and parentheses, from {@code from}; -1 when there is none. */
    private static int topLevel(String e, char wanted, int from) {
        int depth = 0;
        for (int at = from; at < e.length(); at++) {
            char c = e.charAt(at);
            if (c == '"') {
                at = endOfLiteral(e, at);
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == wanted && depth == 0) {
                return at;
            }
        }
        return -1;
    }

    private static int endOfLiteral(String code, int opening) {
        for (int at = opening + 1; at < code.length(); at++) {
            if (code.charAt(at) == '\\') {
                at++;
            } else if (code.charAt(at) == '"') {
                return at;
            }
        }
        throw new AssertionError("unclosed literal at " + opening);
    }

    private static String unescape(String literal) {
        return literal.replace("\\\\", "\u0000").replace("\\\"", "\"").replace("\\'", "'").replace("\u0000", "\\");
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException("the tests run in vault-api's directory: " + source, e);
        }
    }
}
