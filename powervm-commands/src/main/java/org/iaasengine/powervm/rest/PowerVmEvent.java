package org.iaasengine.powervm.rest;

/**
 * One event from the long-poll event feed, as a plain record.
 *
 * <pre>{@code
 * for (PowerVmEvent e : client.pollEvents()) {
 *     if (e.type().equals("MODIFY_URI") && e.data().contains("/LogicalPartition/")) ...
 * }
 * }</pre>
 *
 * @param id     the event id
 * @param type   ADD_URI, MODIFY_URI, DELETE_URI, INVALID_URI, NEW_CLIENT, CACHE_CLEARED...
 * @param data   the URI of the object concerned (may be empty)
 * @param detail the detail the server gave (may be empty)
 */
public record PowerVmEvent(String id, String type, String data, String detail) {
}
