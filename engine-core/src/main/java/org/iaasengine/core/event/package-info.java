/** The events the engine hands to its listeners: small records, one per thing that happened. */
package org.iaasengine.core.event;
