/**
 * Running external programs safely, one way for every process of the library:
 * {@link org.iaasengine.core.exec.ProcessRunner} on Apache Commons Exec's parts (an exact
 * argument array, never a shell string; its stream pumpers on the runner's pooled threads; its
 * watchdog timed by the injected scheduler), {@code LC_ALL=C}, a timeout on every short call,
 * bounded output ({@code BoundedBuffer}), a kill on interrupt, and {@code close()} that kills what
 * runs and stops the threads.
 */
package org.iaasengine.core.exec;
