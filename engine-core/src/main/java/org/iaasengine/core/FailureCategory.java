package org.iaasengine.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * What kind of failure happened. Retry decisions use the category, never the message text.
 *
 * <pre>{@code
 * Retry retry = Retry.builder().maxAttempts(5).retryOn(FailureCategory.TRANSIENT).build();
 * FailureCategory c = FailureCategory.of(exception);
 * }</pre>
 */
public enum FailureCategory {
    /** Worth trying again: a busy daemon, a dropped connection, an operation already in progress. */
    TRANSIENT,
    /** The thing asked for does not exist (domain, LPAR, template). */
    NOT_FOUND,
    /** The request itself is wrong; trying again cannot help. Raised before any side effect. */
    INVALID_INPUT,
    /** The target's state forbids the operation (already exists, already running, locked). */
    CONFLICT,
    /** A deadline passed. */
    TIMEOUT,
    /** The caller cancelled the work. */
    CANCELLED,
    /** Anything else, including bugs. */
    INTERNAL;

    /**
     * Classifies any throwable: a {@link Categorized} exception says its own category; wrappers
     * ({@link CompletionException}, {@link ExecutionException}) are looked through; well-known JDK
     * types map to the obvious category; everything else is {@link #INTERNAL}.
     */
    public static FailureCategory of(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof Categorized c) {
            return c.category();
        }
        if (e instanceof InterruptedException || e instanceof CancellationException) {
            return CANCELLED;
        }
        if (e instanceof TimeoutException) {
            return TIMEOUT;
        }
        if (e instanceof IllegalArgumentException) {
            return INVALID_INPUT;
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            return TRANSIENT;
        }
        return INTERNAL;
    }
}
