/**
 * The face of the engine: {@link org.iaasengine.core.Command}, {@link org.iaasengine.core.Action},
 * {@link org.iaasengine.core.Engine}, {@link org.iaasengine.core.Retry}, failures and listeners.
 * Knows no hypervisor.
 */
package org.iaasengine.core;
