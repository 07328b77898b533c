package org.iaasengine.powervm.xml.schema;

/**
 * The XML namespaces of the PowerVM REST API.
 *
 * <pre>{@code
 * @XmlRootElement(name = "LogicalPartition", namespace = Namespaces.UOM)
 * }</pre>
 */
public final class Namespaces {
    /** Atom feeds and entries. */
    public static final String ATOM = "http://www.w3.org/2005/Atom";
    /** The "uom" (universal object model) namespace: partitions, VIOSes, storage, adapters, events. */
    public static final String UOM = "http://www.ibm.com/xmlns/systems/power/firmware/uom/mc/2012_10/";
    /** The "web" namespace: logon, jobs, errors. */
    public static final String WEB = "http://www.ibm.com/xmlns/systems/power/firmware/web/mc/2012_10/";

    /** The media type of uom objects, for {@code Content-Type}: {@code application/vnd.ibm.powervm.uom+xml; type=X}. */
    public static String uomType(String type) {
        return "application/vnd.ibm.powervm.uom+xml; type=" + type;
    }

    /** The media type of web objects: {@code application/vnd.ibm.powervm.web+xml; type=X}. */
    public static String webType(String type) {
        return "application/vnd.ibm.powervm.web+xml; type=" + type;
    }

    private Namespaces() {
    }
}
