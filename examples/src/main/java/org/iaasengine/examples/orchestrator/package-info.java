/**
 * An orchestrator over several hosts: one model of every host and VM, actions submitted to the
 * host they concern, and a live migration whose progress and model changes it watches.
 */
package org.iaasengine.examples.orchestrator;
