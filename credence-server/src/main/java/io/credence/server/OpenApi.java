package io.credence.server;

import io.credence.codec.ResultJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The OpenAPI 3.1 document, built from the route table so that it cannot drift from the router. */
final class OpenApi {
    private static final Pattern PARAMETER = Pattern.compile("\\{([a-z]+)}");

    private OpenApi() {}

    static Map<String, Object> document(List<Route> routes) {
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Route route : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(route.path(),
                    p -> new LinkedHashMap<String, Object>());
            Map<String, Object> operation = new LinkedHashMap<>();
            operation.put("summary", route.summary());
            operation.put("operationId", (route.method().name() + route.path()).toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9]+", "-").replaceAll("-$", ""));
            operation.put("x-credence-access", route.access().stream().map(a -> a.name().toLowerCase(Locale.ROOT))
                    .sorted().toList());
            List<Object> parameters = new ArrayList<>();
            Matcher m = PARAMETER.matcher(route.path());
            while (m.find()) {
                parameters.add(ResultJson.ordered("name", m.group(1), "in", "path", "required", true, "schema",
                        Map.of("type", "string")));
            }
            if (route.path().startsWith("/v1/subjects/") || route.path().equals("/v1/lists/{name}")
                    || route.path().equals("/v1/rulebooks/simulate")) {
                parameters.add(ResultJson.ordered("name", "at", "in", "query", "required", false, "description",
                        "An RFC 3339 instant; default now", "schema", Map.of("type", "string", "format", "date-time")));
            }
            if (!parameters.isEmpty()) {
                operation.put("parameters", parameters);
            }
            if (route.isPublic()) {
                operation.put("security", List.of());
            }
            Map<String, Object> responses = new LinkedHashMap<>();
            responses.put("200", Map.of("description", "OK", "content", Map.of("application/json", Map.of())));
            responses.put("default", Map.of("description", "An RFC 9457 problem", "content",
                    Map.of("application/problem+json", Map.of("schema", Map.of("$ref", "#/components/schemas/Problem")))));
            operation.put("responses", responses);
            item.put(route.method().name().toLowerCase(Locale.ROOT), operation);
        }
        Map<String, Object> problem = ResultJson.ordered("type", "object", "properties", ResultJson.ordered(
                "type", Map.of("type", "string"), "title", Map.of("type", "string"), "status", Map.of("type", "integer"),
                "detail", Map.of("type", "string"), "problems", Map.of("type", "array")));
        return ResultJson.ordered(
                "openapi", "3.1.0",
                "info", ResultJson.ordered("title", "Credence", "version", "1",
                        "description", "Conduct records to scores, tiers, lists and decisions, with due process."),
                "security", List.of(Map.of("bearer", List.of())),
                "paths", paths,
                "components", ResultJson.ordered(
                        "securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer")),
                        "schemas", Map.of("Problem", problem)));
    }
}
