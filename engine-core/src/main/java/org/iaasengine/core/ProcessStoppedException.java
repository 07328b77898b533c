package org.iaasengine.core;

/**
 * The failure a recovered run reverts with: the process that ran it stopped (was killed, lost its
 * power) while a step was in flight, so that step's command may have taken effect without anyone
 * recording its result. A command whose {@link Command#revertFailed} undoes what a cut-short
 * {@code execute} can leave (a copied disk, a written definition) says so for this failure in
 * {@link Command#undoesFailure}; its own failures it cleans up inside {@code execute}.
 */
public final class ProcessStoppedException extends CommandException {
    private static final long serialVersionUID = 1L;

    public ProcessStoppedException(String message) {
        super(FailureCategory.CANCELLED, message);
    }
}
