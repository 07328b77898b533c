package org.iaasengine.request;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes {@link ActionRequest}s as JSON and reads them back, in a schema-versioned envelope:
 *
 * <pre>{@code
 * {"schema":1,"action":"start","request":{"host":"host-a","vm":"web1"}}
 * }</pre>
 *
 * The {@code request} object holds the record's components, every one, in declaration order
 * ({@code null} for an absent value; a {@link Duration} as ISO-8601 text such as {@code "PT5S"};
 * an enum by its name). Reading is strict, so that a journal or a host agent never runs a request
 * that means something else than what was written: an unknown schema version, an unknown action, an
 * unknown or missing field, a field of the wrong type (no string for a number, no number for an
 * enum) or a value the record refuses is an {@link InvalidRequestException} that names it.
 *
 * <pre>{@code
 * RequestCodec codec = registry.codec();
 * String json = codec.toJson(new StartRequest("host-a", "web1"));
 * ActionRequest back = codec.fromJson(json);   // equals the original
 * }</pre>
 */
public final class RequestCodec {
    /** The schema version this codec writes and the only one it reads. */
    public static final int SCHEMA = 1;

    private final Map<String, Class<? extends ActionRequest>> types;
    private final ObjectMapper mapper;

    private RequestCodec(Map<String, Class<? extends ActionRequest>> types) {
        this.types = Map.copyOf(types);
        this.mapper = mapper();
    }

    /** A codec for the actions named in {@code types}, each with its request record type. */
    public static RequestCodec of(Map<String, Class<? extends ActionRequest>> types) {
        Objects.requireNonNull(types, "types");
        return new RequestCodec(new LinkedHashMap<>(types));
    }

    /**
     * A codec that writes the envelope of any request record, whatever its action, and reads none
     * (it knows no action): for a journal shared by the actions of several registries, whose
     * requests are read back by the registry of each.
     */
    public static RequestCodec writer() {
        return WRITER;
    }

    private static final RequestCodec WRITER = new RequestCodec(Map.of());

    /**
     * The envelope of {@code request} as one line of JSON.
     *
     * @throws InvalidRequestException when the codec does not know the request's action or type
     */
    public String toJson(ActionRequest request) {
        Objects.requireNonNull(request, "request");
        if (this != WRITER) {
            checkKnown(request.action(), request.getClass());
        } else if (!request.getClass().isRecord()) {
            throw new InvalidRequestException("request of action '" + request.action() + "' is a "
                    + request.getClass().getName() + ", not a record");
        }
        ObjectNode envelope = mapper.createObjectNode();
        envelope.put("schema", SCHEMA);
        envelope.put("action", request.action());
        envelope.set("request", mapper.valueToTree(request));
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("request of action '" + request.action() + "' cannot be written: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads an envelope written by {@link #toJson}.
     *
     * @throws InvalidRequestException naming the schema version, the action or the field that is wrong
     */
    public ActionRequest fromJson(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("request is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException("request is not a JSON object {\"schema\":..,\"action\":..,\"request\":{..}}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!f.equals("schema") && !f.equals("action") && !f.equals("request")) {
                throw new InvalidRequestException("request envelope has an unknown field '" + f
                        + "' (known: schema, action, request)");
            }
        }
        JsonNode schema = root.get("schema");
        if (schema == null || !schema.isIntegralNumber()) {
            throw new InvalidRequestException("request envelope has no integer 'schema' (this library reads schema "
                    + SCHEMA + ")");
        }
        if (schema.asLong() != SCHEMA) {
            throw new InvalidRequestException("unknown request schema version " + schema.asText()
                    + ": this library reads schema " + SCHEMA);
        }
        JsonNode actionNode = root.get("action");
        if (actionNode == null || !actionNode.isTextual()) {
            throw new InvalidRequestException("request envelope has no text 'action'");
        }
        String action = actionNode.asText();
        Class<? extends ActionRequest> type = types.get(action);
        if (type == null) {
            throw new InvalidRequestException("unknown action '" + action + "' (known: " + known() + ")");
        }
        JsonNode body = root.get("request");
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("request of action '" + action + "' has no 'request' object");
        }
        checkFields(action, type, body);
        ActionRequest request;
        try {
            request = mapper.treeToValue(body, type);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(describe(action, e), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("request of action '" + action + "' refused: " + e.getMessage(), e);
        }
        if (!action.equals(request.action())) {
            throw new InvalidRequestException("request of action '" + action + "' reads as a request of action '"
                    + request.action() + "'");
        }
        return request;
    }

    /** Unknown fields first, then missing ones, named in the record's terms (Jackson would report either first). */
    private static void checkFields(String action, Class<?> type, JsonNode body) {
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        for (RecordComponent c : components) {
            names.add(c.getName());
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!names.contains(f)) {
                throw new InvalidRequestException("request of action '" + action + "': unknown field '" + f + "'");
            }
        }
        for (String n : names) {
            if (!body.has(n)) {
                throw new InvalidRequestException("request of action '" + action + "': field '" + n + "' is missing");
            }
        }
    }

    private void checkKnown(String action, Class<?> type) {
        Class<? extends ActionRequest> expected = types.get(action);
        if (expected == null) {
            throw new InvalidRequestException("unknown action '" + action + "' (known: " + known() + ")");
        }
        if (!expected.equals(type)) {
            throw new InvalidRequestException("action '" + action + "' takes a " + expected.getSimpleName()
                    + ", not a " + type.getSimpleName());
        }
    }

    private String known() {
        return types.keySet().stream().sorted().collect(Collectors.joining(", "));
    }

    private static String describe(String action, JsonProcessingException e) {
        String where = "request of action '" + action + "'";
        if (e instanceof UnrecognizedPropertyException u) {
            return where + ": unknown field '" + path(u) + "'";
        }
        if (e instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause() != null ? v.getCause() : v;
            return where + " refused: " + cause.getMessage();
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return where + ": field '" + path(m) + "': " + firstLine(m.getOriginalMessage());
        }
        return where + ": " + firstLine(e.getOriginalMessage());
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static ObjectMapper mapper() {
        SimpleModule durations = new SimpleModule("iaas-durations");
        durations.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.toString());
            }
        });
        durations.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
                }
                String text = p.getText();
                try {
                    return Duration.parse(text);
                } catch (DateTimeParseException e) {
                    return (Duration) ctxt.handleWeirdStringValue(Duration.class, text,
                            "not an ISO-8601 duration such as PT5S");
                }
            }
        });
        return JsonMapper.builder()
                .addModule(durations)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
    }
}
