package org.iaasengine.powervm.xml.atom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import org.iaasengine.powervm.xml.schema.Namespaces;

/**
 * An Atom {@code <entry>}: the id (the object's UUID for uom objects), links, the etag used for
 * If-Match updates, and the content object.
 *
 * <pre>{@code
 * AtomEntry e = PowerVmXml.unmarshal(body, AtomEntry.class);
 * String etag = e.etag();
 * LogicalPartition lpar = e.content(LogicalPartition.class);
 * }</pre>
 */
@XmlRootElement(name = "entry")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"id", "title", "published", "links", "author", "etag", "content"})
public class AtomEntry {
    public String id;
    public String title;
    public String published;
    @XmlElement(name = "link")
    public List<AtomLink> links = new ArrayList<>();
    public Author author;
    @XmlElement(name = "etag", namespace = Namespaces.UOM)
    public String etag;
    public AtomContent content;

    /** {@code <author><name>...</name></author>}. */
    @XmlAccessorType(XmlAccessType.FIELD)
    public static class Author {
        public String name;
    }

    /** The etag, trimmed (the HMC pads it with whitespace in some feeds), or null. */
    public String etag() {
        return etag == null ? null : etag.trim();
    }

    /** The href of the first link with {@code rel}, or null. */
    public String link(String rel) {
        return links.stream().filter(l -> rel.equals(l.rel)).map(l -> l.href).findFirst().orElse(null);
    }

    /**
     * The content as {@code type}.
     *
     * @throws IllegalStateException naming the found type when the content is something else
     */
    public <T> T content(Class<T> type) {
        Object v = content == null ? null : content.value;
        if (!type.isInstance(v)) {
            throw new IllegalStateException("entry " + id + " holds " + (v == null ? "nothing"
                    : v.getClass().getSimpleName()) + ", not " + type.getSimpleName());
        }
        return type.cast(v);
    }
}
