package org.iaasengine.request;

import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.InvalidInputException;

/**
 * A request that cannot be read or planned: an unknown schema version, an unknown action, a field
 * that is unknown, missing or of the wrong type, or a value its record refuses. The message names
 * the version, the action or the field. An {@link InvalidInputException}: its category is
 * {@link FailureCategory#INVALID_INPUT}.
 *
 * <pre>{@code
 * try {
 *     ActionRequest r = codec.fromJson(json);
 * } catch (InvalidRequestException e) {
 *     deadLetter(json, e.getMessage());   // "request of action 'create': unknown field 'colour'"
 * }
 * }</pre>
 */
public final class InvalidRequestException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
