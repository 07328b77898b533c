package org.iaasengine.core;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
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
     * Classifies any throwable: a {@link Categorized} exception says its own category (a refused
     * caller value is an {@link InvalidInputException}); wrappers ({@link CompletionException},
     * {@link ExecutionException}, {@link UncheckedIOException}) are looked through; I/O failures by
     * kind (no such file: NOT_FOUND; already exists: CONFLICT; denied or any other file-system
     * failure: INTERNAL; a network or stream failure: TRANSIENT); everything else, a plain
     * {@link IllegalArgumentException} included, is a bug: {@link #INTERNAL}.
     */
    public static FailureCategory of(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException
                || e instanceof UncheckedIOException) && e.getCause() != null) {
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
        if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
            return NOT_FOUND;
        }
        if (e instanceof FileAlreadyExistsException) {
            return CONFLICT;
        }
        if (e instanceof FileSystemException) {
            return INTERNAL; // denied, not a directory, read-only file system...: retrying cannot help
        }
        if (e instanceof IOException) {
            return TRANSIENT; // a connection refused or reset, a stream cut
        }
        return INTERNAL;
    }
}
