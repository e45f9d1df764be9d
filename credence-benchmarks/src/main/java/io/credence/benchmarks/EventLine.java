package io.credence.benchmarks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * One generated event as the baselines read it: plain Jackson, no validation, no canonical form.
 * {@code data} is kept as compact JSON text and its {@code case} (the list's match key) apart.
 */
record EventLine(String source, String id, String subject, String type, String at, String data, String kase) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static EventLine parse(String line) throws IOException {
        String source = null;
        String id = null;
        String subject = null;
        String type = null;
        String at = null;
        String data = null;
        String kase = "";
        try (JsonParser p = MAPPER.getFactory().createParser(line)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "source" -> source = p.getText();
                    case "id" -> id = p.getText();
                    case "subject" -> subject = p.getText();
                    case "type" -> type = p.getText();
                    case "at" -> at = p.getText();
                    case "data" -> {
                        if (value == JsonToken.START_OBJECT) {
                            JsonNode tree = MAPPER.readTree(p);
                            data = MAPPER.writeValueAsString(tree);
                            kase = tree.path("case").asText("");
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return new EventLine(source, id, subject, type, at, data, kase);
    }
}
