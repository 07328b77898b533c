/**
 * Runnable programs that show how the three kinds of users meet the library: a Java cloud manager
 * that embeds it ({@link org.iaasengine.examples.embed}), a person scripting single commands
 * ({@link org.iaasengine.examples.cli}, the {@code iaas} tool), and an orchestrator that drives
 * several hosts ({@link org.iaasengine.examples.orchestrator}); plus the README's demo
 * ({@link org.iaasengine.examples.demo}). Nothing in the library depends on this module.
 */
package org.iaasengine.examples;
