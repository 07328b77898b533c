package org.iaasengine.powervm.rest;

import java.util.Objects;

/**
 * One object as the server returned it: its UUID, its etag (for If-Match) and the JAXB value.
 *
 * <pre>{@code
 * Entry<LogicalPartition> e = client.get("LogicalPartition/" + uuid, LogicalPartition.class);
 * e.value().partitionState;
 * }</pre>
 *
 * @param uuid  the entry id (the object's UUID)
 * @param etag  the etag, or null
 * @param value the object
 * @param <T>   the object type
 */
public record Entry<T>(String uuid, String etag, T value) {
    public Entry {
        Objects.requireNonNull(value, "value");
    }
}
