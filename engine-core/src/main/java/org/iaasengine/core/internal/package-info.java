/**
 * The engine's machinery, not part of the public API: the lanes and workers shared by all runs
 * ({@code EngineCore}), and one run as a small pipeline: an {@code ActionRun} that orchestrates
 * its {@code RunControl} (cancel, deadline, interrupt of the running attempt), its
 * {@code StepResults} (the results store), an {@code AttemptRunner} (attempts of commands, checks
 * and reverts, with timeouts and retries on a {@code RetryLoop}), a {@code Reverter}, and the one
 * funnel, {@code Transitions}, that journals every state change before its event. Commands see
 * an {@code AttemptContext}, never the run.
 */
package org.iaasengine.core.internal;
