package org.iaasengine.core;

/**
 * The last part of an action: apply what the steps did to the resource model, atomically. Runs
 * after the steps and the verification succeeded; if it throws, the action fails and its steps
 * are reverted, so the model and the host never disagree because of a half-applied sync.
 *
 * <pre>{@code
 * ModelSync sync = results -> model.putVm(results.get(VM));
 * }</pre>
 */
@FunctionalInterface
public interface ModelSync {
    /** Applies the results (and the action id, from the context) to the model. */
    void apply(CommandContext results) throws Exception;
}
