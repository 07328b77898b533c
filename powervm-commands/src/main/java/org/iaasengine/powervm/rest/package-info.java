/**
 * A client of the PowerVM REST API of an HMC or a NovaLink on {@code java.net.http}: logon session
 * (logged on again after a 401, logged off on close), Atom feeds and entries through JAXB, create
 * (PUT on the parent feed), update (POST with If-Match, re-read and retried on 412), delete, jobs
 * polled to completion with a deadline and cancel, and the long-poll event feed. Failures are
 * {@link org.iaasengine.powervm.rest.PowerVmException}s classified by
 * {@link org.iaasengine.powervm.rest.ErrorClassifier} from HTTP status, structured error fields and
 * job status. {@link org.iaasengine.powervm.rest.Paths} builds the paths the commands use (from
 * checked ids only) and {@link org.iaasengine.powervm.rest.Jobs} the job options of a running command.
 *
 * <pre>{@code
 * PowerVmConfig config = PowerVmConfig.builder(URI.create("https://hmc1:12443"))
 *         .credentials("hscroot", password).trustStore(Path.of("hmc.p12"), storePassword).build();
 * try (PowerVmClient client = PowerVmClient.connect(config)) {
 *     List<Entry<LogicalPartition>> lpars = client.feed("LogicalPartition", LogicalPartition.class);
 * }
 * }</pre>
 */
package org.iaasengine.powervm.rest;
