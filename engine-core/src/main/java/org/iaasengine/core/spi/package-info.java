/** Extension points of the engine: the scheduler it uses for time, and the journal hook. */
package org.iaasengine.core.spi;
