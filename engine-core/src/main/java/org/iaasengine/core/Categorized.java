package org.iaasengine.core;

/**
 * An exception that knows its {@link FailureCategory}. Hypervisor modules implement it on their own
 * exception types so that the engine classifies them by code, not by message text.
 */
public interface Categorized {
    /** The category of this failure. */
    FailureCategory category();
}
