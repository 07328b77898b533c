/**
 * The {@code iaas} scripting CLI (picocli): one unit of work per invocation, on one libvirt host
 * ({@code --uri}), human tables or {@code --json}, and exit codes that tell invalid input, not
 * found, conflict, timeout and other failures apart ({@link org.iaasengine.examples.cli.ExitCodes}).
 * The tool is stateless between invocations: every run reads the host into a fresh model, and the
 * definitions of the VMs it created are kept in a definition store under {@code --state-dir}.
 */
package org.iaasengine.examples.cli;
