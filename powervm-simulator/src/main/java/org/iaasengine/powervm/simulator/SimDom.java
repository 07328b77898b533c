package org.iaasengine.powervm.simulator;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.iaasengine.powervm.xml.schema.Namespaces;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Elements the model does not map, made by the simulator the way an HMC sends them (the details of
 * an FC port, the target device of a mapping, storage of a kind the library does not know), so that
 * the library's read-modify-writes carry them.
 *
 * <pre>{@code
 * port.other.add(SimDom.uom("TotalPorts", "64"));
 * }</pre>
 */
final class SimDom {
    private static final Document DOC;

    static {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            DOC = f.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SimDom() {
    }

    /** {@code <name kb="ROR" kxe="false">text</name>} in the uom namespace. */
    static synchronized Element uom(String name, String text) {
        Element e = DOC.createElementNS(Namespaces.UOM, name);
        e.setAttribute("kb", "ROR");
        e.setAttribute("kxe", "false");
        e.setTextContent(text);
        return e;
    }

    /** {@code <name schemaVersion="V1_0"><Metadata><Atom/></Metadata>children...</name>}. */
    static synchronized Element group(String name, Element... children) {
        Element e = DOC.createElementNS(Namespaces.UOM, name);
        e.setAttribute("schemaVersion", "V1_0");
        Element metadata = DOC.createElementNS(Namespaces.UOM, "Metadata");
        metadata.appendChild(DOC.createElementNS(Namespaces.UOM, "Atom"));
        e.appendChild(metadata);
        for (Element c : children) {
            e.appendChild(DOC.importNode(c, true));
        }
        return e;
    }

    /** {@code <name kb="CUR" kxe="false">child</name>}: a wrapper without metadata. */
    static synchronized Element wrap(String name, Element child) {
        Element e = DOC.createElementNS(Namespaces.UOM, name);
        e.setAttribute("kb", "CUR");
        e.setAttribute("kxe", "false");
        e.appendChild(DOC.importNode(child, true));
        return e;
    }
}
