/** PowerVM embedding example: spawn and destroy an LPAR against the project's simulator. */
package org.iaasengine.examples.powervm;
