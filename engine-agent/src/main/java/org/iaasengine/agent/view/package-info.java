/**
 * What an operator sees of the cluster an {@link org.iaasengine.agent.Orchestrator} drives: the
 * rows of hosts and jobs ({@link org.iaasengine.agent.view.ClusterView}) that the remote CLI
 * prints and the live web page ({@link org.iaasengine.agent.view.LiveView}) renders.
 */
package org.iaasengine.agent.view;
