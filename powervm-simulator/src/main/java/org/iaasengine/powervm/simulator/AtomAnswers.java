package org.iaasengine.powervm.simulator;

import java.util.List;
import org.iaasengine.powervm.xml.PowerVmXml;
import org.iaasengine.powervm.xml.atom.AtomContent;
import org.iaasengine.powervm.xml.atom.AtomEntry;
import org.iaasengine.powervm.xml.atom.AtomFeed;
import org.iaasengine.powervm.xml.atom.AtomLink;
import org.iaasengine.powervm.xml.schema.Namespaces;
import org.iaasengine.powervm.xml.web.HttpErrorResponse;

/**
 * The Atom envelopes of the simulator's answers, shaped like the recorded HMC responses: an entry
 * (with SELF link, author and etag), a feed (204 when empty) and an HttpErrorResponse.
 *
 * <pre>{@code
 * return answers.entry("LogicalPartition", id, state.href("LogicalPartition", id), lpar, false);
 * return answers.feed(state.href("VirtualIOServer"), entries);
 * }</pre>
 */
final class AtomAnswers {
    private static final String AUTHOR = "IaaS Engine PowerVM simulator";

    private final SimState state;

    AtomAnswers(SimState state) {
        this.state = state;
    }

    /** An HttpErrorResponse entry. */
    SimResponse error(int status, String reason, String message, String requestUri) {
        HttpErrorResponse err = new HttpErrorResponse();
        err.httpStatus = status;
        err.requestUri = requestUri;
        err.reasonCode = reason;
        err.message = message;
        AtomEntry e = new AtomEntry();
        e.id = state.newUuid();
        e.title = "HttpErrorResponse";
        e.published = state.published();
        e.content = new AtomContent(Namespaces.webType("HttpErrorResponse"), err);
        return new SimResponse(status, PowerVmXml.marshal(e), null);
    }

    /** One object as an entry answer (200), with its etag as the ETag header. */
    SimResponse entry(String type, String uuid, String selfHref, Object value, boolean web) {
        AtomEntry e = new AtomEntry();
        e.id = uuid;
        e.title = type;
        e.published = state.published();
        e.links.add(new AtomLink("SELF", selfHref));
        e.author = new AtomEntry.Author();
        e.author.name = AUTHOR;
        e.etag = state.etag(uuid);
        e.content = new AtomContent(web ? Namespaces.webType(type) : Namespaces.uomType(type), value);
        return new SimResponse(200, inSchemaOrder(e), e.etag, web ? SimResponse.XML : SimResponse.ATOM);
    }

    /** A web-namespace entry with a fresh id and no link (a job request template). */
    SimResponse webTemplate(String type, Object value) {
        AtomEntry e = new AtomEntry();
        e.id = state.newUuid();
        e.title = type;
        e.published = state.published();
        e.content = new AtomContent(Namespaces.webType(type), value);
        return new SimResponse(200, inSchemaOrder(e), null, SimResponse.XML);
    }

    /** One uom object as an entry of a feed. */
    AtomEntry feedEntry(String type, String uuid, String selfHref, Object value) {
        AtomEntry e = new AtomEntry();
        e.id = uuid;
        e.title = type;
        e.published = state.published();
        e.links.add(new AtomLink("SELF", selfHref));
        e.etag = state.etag(uuid);
        e.content = new AtomContent(Namespaces.uomType(type), value);
        return e;
    }

    /** One web object (a File) as an entry of a feed. */
    AtomEntry webFeedEntry(String type, String uuid, String selfHref, Object value) {
        AtomEntry e = feedEntry(type, uuid, selfHref, value);
        e.content = new AtomContent(Namespaces.webType(type), value);
        return e;
    }

    /** A feed answer (200), or 204 when there is no entry. */
    SimResponse feed(String selfHref, List<AtomEntry> entries) {
        if (entries.isEmpty()) {
            return SimResponse.noContent();
        }
        AtomFeed f = new AtomFeed();
        f.id = state.newUuid();
        f.updated = state.published();
        f.links.add(new AtomLink("SELF", selfHref));
        f.generator = AUTHOR;
        f.entries.addAll(entries);
        return new SimResponse(200, inSchemaOrder(f), null);
    }

    /** The XML of an answer with every element in the schema's order, as an HMC writes it. */
    static byte[] inSchemaOrder(Object answer) {
        org.w3c.dom.Document doc = PowerVmXml.document(answer);
        SchemaOrder.sort(doc.getDocumentElement());
        return PowerVmXml.serialize(doc);
    }
}
