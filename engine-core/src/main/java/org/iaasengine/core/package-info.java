/**
 * The face of the engine: {@link org.iaasengine.core.Command}, {@link org.iaasengine.core.Action},
 * {@link org.iaasengine.core.Engine}, {@link org.iaasengine.core.Retry}, failures, listeners and
 * the {@link org.iaasengine.core.EngineEvent events} they hear (small records, one per thing that
 * happened). Knows no hypervisor.
 *
 * <p>The engine's machinery lives here too, package-private, so that the package depends on
 * nothing of its own but {@link org.iaasengine.core.spi}: the lanes and workers shared by all runs
 * ({@code EngineCore}), and one run as a small pipeline: an {@code ActionRun} that orchestrates
 * its {@code RunControl} (cancel, deadline, interrupt of the running attempt), its
 * {@code StepResults} (the results store), an {@code AttemptRunner} (attempts of commands, checks
 * and reverts, with timeouts and retries on a {@code RetryLoop}), a {@code Reverter}, and the one
 * funnel, {@code Transitions}, that journals every state change before its event. Commands see
 * an {@code AttemptContext}, never the run.
 */
package org.iaasengine.core;
