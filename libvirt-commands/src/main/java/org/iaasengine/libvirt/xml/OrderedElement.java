package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlTransient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * Base of every element class that has known children: all its children, known and unknown, sit
 * in <em>one list in document order</em>, so a read-modify-write writes every child back where it
 * was. A known child is a {@link JAXBElement} (declared, scoped to its parent, in
 * {@link ObjectFactory}) or, in {@link Devices}, a device object; an unknown one is the DOM
 * {@link Element} as read (see {@link KeptElements}).
 *
 * <p>Why one list: JAXB writes the properties of a class in a fixed order, so a model with one
 * field per known child and a separate list for the unknown ones writes all unknown children
 * after the known ones. libvirt's schema is not order-free everywhere (libxml2 refuses
 * {@code <resource>} or {@code <cputune>} moved after {@code <devices>}: "Extra element os in
 * interleave"), and other readers of the document may care too. JAXB's {@code Binder} (updating
 * the original DOM in place) was the other way to keep the order; it was not chosen because the
 * model must also exist without an original document (the builder, {@code copy()}), and the
 * reference implementation's in-place update of a mixed known/unknown list is weakly specified.
 * One list is plain JAXB ({@code @XmlElementRefs} with {@code @XmlAnyElement}), needs no second
 * document, and keeps the order by construction.
 *
 * <p>A known child a setter adds where there was none goes to its place in libvirt's own order
 * ({@link #libvirtOrder()}, which also names children the model keeps as DOM, such as
 * {@code <metadata>}): right after the nearest child that comes before it there, or right before
 * the nearest one that comes after it; children of names libvirt's order does not list are
 * skipped over.
 */
@XmlTransient
abstract class OrderedElement extends AttributeHolder {

    /** A known child element: its name (no namespace) and the Java type of its value. */
    record Child<T>(String name, Class<T> type) {
        QName qname() {
            return new QName(name);
        }
    }

    /** Every child in document order: JAXBElements (or device objects) and DOM elements. Live. */
    abstract List<Object> children();

    /**
     * The names of the children, known ones and kept ones, in the order libvirt writes them, for
     * placing a known child that is added; must include every known child.
     */
    abstract List<String> libvirtOrder();

    /** The class the known children are declared in ({@code scope} of their declaration). */
    Class<?> scope() {
        return getClass();
    }

    /** The child elements this model does not know, live DOM elements in read order. */
    final List<Element> otherElements() {
        return children().stream().filter(Element.class::isInstance).map(Element.class::cast).toList();
    }

    /** The value of the first child {@code c}, or null. */
    final <T> T get(Child<T> c) {
        for (Object o : children()) {
            if (is(o, c)) {
                return c.type().cast(((JAXBElement<?>) o).getValue());
            }
        }
        return null;
    }

    /** The values of every child {@code c}, in document order. */
    final <T> List<T> all(Child<T> c) {
        List<T> values = new ArrayList<>();
        for (Object o : children()) {
            if (is(o, c)) {
                values.add(c.type().cast(((JAXBElement<?>) o).getValue()));
            }
        }
        return values;
    }

    /**
     * Sets the first child {@code c} to {@code value} where it is; adds it at its place in
     * libvirt's order if there is none; removes every child {@code c} if {@code value} is null.
     */
    final <T> void set(Child<T> c, T value) {
        if (value == null) {
            removeAll(c);
            return;
        }
        List<Object> children = children();
        for (int i = 0; i < children.size(); i++) {
            if (is(children.get(i), c)) {
                children.set(i, element(c, value));
                return;
            }
        }
        children.add(insertionPoint(c.name()), element(c, value));
    }

    /** Adds a child {@code c} after the last one of its name, or at its place in libvirt's order. */
    final <T> void add(Child<T> c, T value) {
        Objects.requireNonNull(value, c.name());
        List<Object> children = children();
        for (int i = children.size() - 1; i >= 0; i--) {
            if (is(children.get(i), c)) {
                children.add(i + 1, element(c, value));
                return;
            }
        }
        children.add(insertionPoint(c.name()), element(c, value));
    }

    /** Removes every child {@code c}. */
    final void removeAll(Child<?> c) {
        children().removeIf(o -> is(o, c));
    }

    /** Removes the child whose value is {@code value} (identity). */
    final void removeValue(Object value) {
        children().removeIf(o -> o instanceof JAXBElement<?> e && e.getValue() == value);
    }

    /** The name of a known child (a JAXBElement or a device object), or null for a DOM element. */
    String knownName(Object child) {
        if (child instanceof JAXBElement<?> e && e.getName().getNamespaceURI().isEmpty()) {
            return e.getName().getLocalPart();
        }
        return null;
    }

    private <T> JAXBElement<T> element(Child<T> c, T value) {
        return new JAXBElement<>(c.qname(), c.type(), scope(), value);
    }

    private static boolean is(Object o, Child<?> c) {
        return o instanceof JAXBElement<?> e && e.getName().getNamespaceURI().isEmpty()
                && e.getName().getLocalPart().equals(c.name());
    }

    private int insertionPoint(String name) {
        List<String> order = libvirtOrder();
        int rank = order.indexOf(name);
        if (rank < 0) {
            throw new IllegalStateException("<" + name + "> is not a known child of " + getClass().getSimpleName());
        }
        List<Object> children = children();
        int afterLastBefore = -1;
        int firstAfter = -1;
        for (int i = 0; i < children.size(); i++) {
            Object child = children.get(i);
            String known = knownName(child);
            if (known == null && child instanceof Element e && e.getNamespaceURI() == null) {
                known = e.getLocalName();
            }
            int r = known == null ? -1 : order.indexOf(known);
            if (r < 0) {
                continue;
            }
            if (r <= rank) {
                afterLastBefore = i + 1;
            } else if (firstAfter < 0) {
                firstAfter = i;
            }
        }
        if (afterLastBefore >= 0) {
            return afterLastBefore;
        }
        return firstAfter >= 0 ? firstAfter : children.size();
    }
}
