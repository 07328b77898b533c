package org.iaasengine.powervm.xml;

import com.google.common.collect.MapMaker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * Nothing lost on a read-modify-write. JAXB keeps the elements a model class does not map (its
 * {@code other} list) but writes them after the ones it maps, and drops the attributes it does not
 * map. So each object read is remembered with the element it was read from ({@link #read}), and
 * when it is written again ({@link #written}) its children are put back in the order the server
 * sent them (the schema's order, which the real API requires) and the attributes it carried come
 * back. An element the source did not have (a new mapping, a value set for the first time) keeps
 * the place the model's {@code propOrder} gives it, right after the element before it. A number the
 * model did not change keeps the server's spelling.
 *
 * <p>The memory is a weak identity map: an object forgets its source when it is collected, and a
 * new object has none (it is written in the model's order).
 *
 * <p>On read the numbers are checked as well: a number JAXB cannot convert (it would silently leave
 * the field null, or wrap an overflow) fails the parse, naming the element.
 */
final class ReadBack {
    private static final ConcurrentMap<Object, Element> SOURCES = new MapMaker().weakKeys().makeMap();
    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";

    private ReadBack() {
    }

    /** Remembers where each object of {@code root}'s tree was read from; checks the numbers. */
    static void read(Object root, Element element) {
        JaxbTree.walk(root, element, new JaxbTree.Visitor() {
            @Override
            public void object(Object bean, Element source, String path) {
                SOURCES.put(bean, source);
            }

            @Override
            public void leaf(Object bean, JaxbTree.Property field, List<Element> elements, String path) {
                Class<?> type = JaxbTree.itemType(field);
                for (Element e : elements) {
                    checkNumber(type, e.getTextContent(), path);
                }
            }
        });
    }

    /** Puts back, in {@code root}'s written tree, the order and attributes of what was read. */
    static void written(Object root, Element element) {
        JaxbTree.walk(root, element, (bean, out, path) -> {
            Element source = SOURCES.get(bean);
            if (source != null) {
                restore(bean.getClass(), source, out);
            }
        });
    }

    /** The element {@code bean} was read from, if it was read (for tests and diagnostics). */
    static Element sourceOf(Object bean) {
        return SOURCES.get(bean);
    }

    private static void restore(Class<?> type, Element source, Element out) {
        copyAttributes(source, out);
        List<Element> sourceChildren = JaxbTree.children(source);
        Map<String, Integer> rank = new HashMap<>();
        for (Element e : sourceChildren) {
            rank.putIfAbsent(e.getLocalName(), rank.size());
        }
        java.util.Set<String> modelled = JaxbTree.modelledNames(type);
        Map<String, List<Element>> sourceByName = JaxbTree.childrenByName(source);
        Map<String, Integer> seen = new HashMap<>();
        List<Element> written = JaxbTree.children(out);
        List<Placed> placed = new ArrayList<>();
        int after = -1;
        for (int i = 0; i < written.size(); i++) {
            Element e = written.get(i);
            String name = e.getLocalName();
            Integer r = rank.get(name);
            if (r != null) {
                after = r;
                int k = seen.merge(name, 1, Integer::sum) - 1;
                List<Element> same = sourceByName.get(name);
                if (modelled.contains(name) && k < same.size() && isLeaf(same.get(k))) {
                    copyAttributes(same.get(k), e); // a leaf the model maps: its attributes come back,
                    keepSpelling(same.get(k), e);   // and its number as the server wrote it
                }
                placed.add(new Placed(e, r, 0, i));
            } else {
                placed.add(new Placed(e, after, 1, i)); // new here: right after the element before it
            }
        }
        placed.sort(Comparator.comparingInt(Placed::rank).thenComparingInt(Placed::tier)
                .thenComparingInt(Placed::position));
        for (Placed p : placed) {
            out.appendChild(p.element()); // moves it: the children end in the sorted order
        }
    }

    private record Placed(Element element, int rank, int tier, int position) {
    }

    /** An unchanged number keeps the server's spelling ({@code 4}, not JAXB's {@code 4.0}). */
    private static void keepSpelling(Element source, Element written) {
        String was = source.getTextContent().strip();
        String is = written.getTextContent().strip();
        if (was.equals(is) || was.isEmpty() || is.isEmpty() || !isLeaf(written)) {
            return;
        }
        try {
            if (new java.math.BigDecimal(was).compareTo(new java.math.BigDecimal(is)) == 0) {
                written.setTextContent(source.getTextContent());
            }
        } catch (NumberFormatException e) {
            // not numbers: the written text stands
        }
    }

    private static boolean isLeaf(Element e) {
        return JaxbTree.children(e).isEmpty();
    }

    private static void copyAttributes(Element from, Element to) {
        NamedNodeMap attributes = from.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            if (XMLNS.equals(a.getNamespaceURI())) {
                continue;
            }
            String local = a.getLocalName() == null ? a.getName() : a.getLocalName();
            if (!to.hasAttributeNS(a.getNamespaceURI(), local)) {
                to.setAttributeNS(a.getNamespaceURI(), a.getName(), a.getValue());
            }
        }
    }

    /** Fails when {@code text} (not blank) is no number of {@code type}; blank is an absent value. */
    private static void checkNumber(Class<?> type, String text, String path) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return;
        }
        String digits = t.startsWith("+") ? t.substring(1) : t;
        try {
            if (type == Integer.class || type == int.class) {
                Integer.parseInt(digits);
            } else if (type == Long.class || type == long.class) {
                Long.parseLong(digits);
            } else if (type == Short.class || type == short.class) {
                Short.parseShort(digits);
            } else if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
                if (!t.equals("INF") && !t.equals("-INF") && !t.equals("NaN")) {
                    Double.parseDouble(digits);
                }
            } else if ((type == Boolean.class || type == boolean.class) && !isBoolean(t)) {
                throw new NumberFormatException(t);
            }
        } catch (NumberFormatException e) {
            throw new CommandException(FailureCategory.INTERNAL, "element " + path + " holds '" + abbreviate(t)
                    + "', which is not a " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT), e);
        }
    }

    private static boolean isBoolean(String t) {
        return t.equals("true") || t.equals("false") || t.equals("1") || t.equals("0");
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
