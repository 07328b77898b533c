/**
 * Embedding the library in a Java cloud manager: build an engine and a resource model, submit
 * actions, listen to engine events and model changes, and react to failures by category.
 */
package org.iaasengine.examples.embed;
