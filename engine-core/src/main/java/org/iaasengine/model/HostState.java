package org.iaasengine.model;

/** Whether a host answers. */
public enum HostState {
    UP, DOWN, UNKNOWN
}
