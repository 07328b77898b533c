package org.iaasengine.journal;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.Type;
import java.util.Optional;

/**
 * Step results as JSON (Jackson), typed by their key when read back: a result is written with its
 * class; it is read as its key's full type ({@link org.iaasengine.core.Key#genericType}), or, for a
 * key that has none, as the class it was written from.
 */
final class ValueCodec {
    // A result is data: written by its fields (a record's components), never by its getters, so
    // that a derived accessor (Vm.isOwned) is not written as a field nothing reads back.
    private final ObjectMapper mapper = JsonMapper.builder().addModule(new Jdk8Module()).addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .visibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
            .build();

    /** A result as written: its class (null for a null result) and its JSON (null for a null result). */
    record Encoded(String type, String json) {
    }

    Encoded encode(String actionId, String step, Object value) {
        if (value == null) {
            return new Encoded(null, null);
        }
        try {
            return new Encoded(value.getClass().getName(), mapper.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new JournalException("the result of step " + step + " of action " + actionId + " (a "
                    + value.getClass().getName() + ") cannot be written to the journal as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a result back as {@code declared} (empty: as the class {@code type} it was written from).
     *
     * @throws JournalException naming the step when the JSON does not read as that type
     */
    Object decode(String step, Optional<Type> declared, String type, String json) {
        if (json == null) {
            return null;
        }
        try {
            JavaType target;
            if (declared.isPresent() && declared.get() != Object.class) {
                target = mapper.getTypeFactory().constructType(declared.get());
            } else {
                target = mapper.getTypeFactory().constructType(Class.forName(type, false, ValueCodec.class.getClassLoader()));
            }
            return mapper.readValue(json, target);
        } catch (JsonProcessingException e) {
            throw new JournalException("the journaled result of step " + step + " does not read as "
                    + declared.map(Type::getTypeName).orElse(type) + ": " + e.getOriginalMessage(), e);
        } catch (ClassNotFoundException e) {
            throw new JournalException("the journaled result of step " + step + " is of class " + type
                    + ", which this process does not have", e);
        }
    }

    /** Exposed for tests: the JSON of {@code value}. */
    String json(Object value) throws JsonProcessingException {
        return mapper.writeValueAsString(value);
    }
}
