package io.credence.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.credence.ErrorCode;
import java.util.Map;

/**
 * The one configured JSON mapper: duplicate keys refused, integers as {@code Long}, decimals as
 * {@code Double}, trailing tokens refused. Thread-safe.
 */
public final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {}

    /**
     * Decodes one JSON object.
     *
     * @throws CodecException when the text is not one JSON object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String text) {
        Object value;
        try {
            value = MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new CodecException(ErrorCode.BAD_INPUT, "not valid JSON: " + e.getOriginalMessage()
                    + location(e));
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new CodecException(ErrorCode.BAD_INPUT, "must be a JSON object");
        }
        return (Map<String, Object>) value;
    }

    /**
     * Decodes one JSON object with the streaming parser, without databinding: ingest decodes every
     * line, and this is several times faster than {@link #object} on small objects. Same results:
     * integers as Long (BigInteger beyond), decimals as Double, duplicate keys and trailing tokens
     * refused.
     *
     * @throws CodecException when the text is not one JSON object
     */
    public static Map<String, Object> fastObject(String text) {
        try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new CodecException(ErrorCode.BAD_INPUT, "must be a JSON object");
            }
            Map<String, Object> value = readObject(parser);
            if (parser.nextToken() != null) {
                throw new CodecException(ErrorCode.BAD_INPUT, "not valid JSON: unexpected content after the object");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new CodecException(ErrorCode.BAD_INPUT, "not valid JSON: " + e.getOriginalMessage() + location(e));
        } catch (java.io.IOException e) {
            throw new CodecException(ErrorCode.BAD_INPUT, "not valid JSON: " + e.getMessage());
        }
    }

    /**
     * The object {@link #fastObject} makes of {@code text} when that is one flat JSON object of
     * string values without escapes (whitespace allowed), as nearly every API request body is, read
     * without a parser; null for anything else (a number, an escape, a nested value, a repeated key,
     * any error), which the caller then gives to {@link #fastObject}, errors and all. A decision's
     * request spent a microsecond creating Jackson's parser for its two fields.
     */
    public static Map<String, Object> flatStringObject(String text) {
        int n = text.length();
        int i = skipSpace(text, 0);
        if (i >= n || text.charAt(i) != '{') {
            return null;
        }
        Map<String, Object> map = new java.util.LinkedHashMap<>(8);
        i = skipSpace(text, i + 1);
        if (i < n && text.charAt(i) == '}') {
            return skipSpace(text, i + 1) == n ? map : null;
        }
        while (true) {
            int keyEnd = plainStringEnd(text, i);
            if (keyEnd < 0) {
                return null;
            }
            String key = text.substring(i + 1, keyEnd);
            i = skipSpace(text, keyEnd + 1);
            if (i >= n || text.charAt(i) != ':') {
                return null;
            }
            i = skipSpace(text, i + 1);
            int valueEnd = plainStringEnd(text, i);
            if (valueEnd < 0 || map.put(key, text.substring(i + 1, valueEnd)) != null) {
                return null;
            }
            i = skipSpace(text, valueEnd + 1);
            if (i >= n) {
                return null;
            }
            char c = text.charAt(i);
            if (c == '}') {
                return skipSpace(text, i + 1) == n ? map : null;
            }
            if (c != ',') {
                return null;
            }
            i = skipSpace(text, i + 1);
        }
    }

    /** JSON's whitespace: space, tab, line feed, carriage return. */
    private static int skipSpace(String text, int i) {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                break;
            }
            i++;
        }
        return i;
    }

    /** Where the string starting at {@code i} ends (its closing quote), or -1 if it is not one without escapes. */
    private static int plainStringEnd(String text, int i) {
        if (i >= text.length() || text.charAt(i) != '"') {
            return -1;
        }
        for (int j = i + 1; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '"') {
                return j;
            }
            if (c == '\\' || c < 0x20) {
                return -1; // an escape, or a control character JSON does not allow: the parser says which
            }
        }
        return -1;
    }

    private static Map<String, Object> readObject(JsonParser parser) throws java.io.IOException {
        Map<String, Object> map = new java.util.LinkedHashMap<>(8);
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            map.put(name, readValue(parser));
        }
        if (token != JsonToken.END_OBJECT) {
            throw new CodecException(ErrorCode.BAD_INPUT, "not valid JSON: unterminated object");
        }
        return map;
    }

    private static Object readValue(JsonParser parser) throws java.io.IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> {
                java.util.List<Object> list = new java.util.ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(parser));
                }
                yield list;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new CodecException(ErrorCode.BAD_INPUT, "not valid JSON: unexpected " + parser.currentToken());
        };
    }

    /** Writes a value built from maps, lists and scalars as compact JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Writes a value as indented JSON, for people. */
    public static String writePretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")";
    }
}
