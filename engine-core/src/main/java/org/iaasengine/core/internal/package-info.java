/** The engine's machinery: runs, lanes, scheduling. Not part of the public API. */
package org.iaasengine.core.internal;
