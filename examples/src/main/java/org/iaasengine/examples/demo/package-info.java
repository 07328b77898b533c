/**
 * The README's demo: one command that creates a few VMs, takes them through their lifecycle and
 * prints the resource model after each step with the engine's events as they happen. It runs on
 * libvirt's test driver in process by default (no daemon) and on a real host with {@code --uri}.
 */
package org.iaasengine.examples.demo;
