/**
 * The performance harness ({@code bench/run}): JMH benchmarks of the engine and scenarios that
 * measure the library against its peers (OpenStack TaskFlow, python3-libvirt, plain virsh shell
 * scripts) side by side in one run, and print one table of ratios. {@link org.iaasengine.bench.Bench}
 * is the entry point; nothing here runs during {@code mvn verify} except a small smoke test.
 */
package org.iaasengine.bench;
