package org.iaasengine.powervm.xml;

import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlTransient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A JAXB object tree walked together with its XML: each object of the model (a class with field
 * access) meets the element it was read from or written to, and each of its element fields meets
 * the child elements of that name (the k-th item of a list the k-th such child). The content of a
 * lax {@code @XmlAnyElement} (an Atom entry's object) is followed into the child element named by
 * its {@code @XmlRootElement}; a strict one holds DOM elements, which are leaves.
 */
final class JaxbTree {

    /** What a walk does at each object and each leaf. */
    interface Visitor {
        /** {@code bean} was read from, or written as, {@code element}; {@code path} names the element. */
        void object(Object bean, Element element, String path);

        /**
         * The leaf field {@code field} of {@code bean} (a string, number, boolean or DOM element) and
         * the child elements of its name.
         */
        default void leaf(Object bean, Property field, List<Element> elements, String path) {
        }
    }

    /** One element field of a model class. */
    record Property(Field field, String name, boolean list, boolean laxAny, boolean strictAny) {
        Object get(Object bean) {
            try {
                return field.get(bean);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + field, e);
            }
        }

        Class<?> type() {
            return field.getType();
        }
    }

    private static final ClassValue<List<Property>> PROPERTIES = new ClassValue<>() {
        @Override
        protected List<Property> computeValue(Class<?> type) {
            return properties(type);
        }
    };

    private JaxbTree() {
    }

    /** True for a class of the model (field access), whose fields the walk follows. */
    static boolean isModel(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (c.isAnnotationPresent(XmlAccessorType.class)) {
                return true;
            }
        }
        return false;
    }

    /** The element fields of a model class, superclass first, in declaration order. */
    static List<Property> propertiesOf(Class<?> type) {
        return PROPERTIES.get(type);
    }

    /** The names of the element fields of a model class (what it models, as opposed to what it keeps). */
    static java.util.Set<String> modelledNames(Class<?> type) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Property p : propertiesOf(type)) {
            if (!p.laxAny() && !p.strictAny()) {
                names.add(p.name());
            }
        }
        return names;
    }

    /** Walks {@code bean} and everything below it together with {@code element}. */
    static void walk(Object bean, Element element, Visitor visitor) {
        walk(bean, element, element.getLocalName(), visitor);
    }

    private static void walk(Object bean, Element element, String path, Visitor visitor) {
        visitor.object(bean, element, path);
        Map<String, List<Element>> children = childrenByName(element);
        for (Property p : propertiesOf(bean.getClass())) {
            if (p.strictAny()) {
                continue;
            }
            Object value = p.get(bean);
            if (p.laxAny()) {
                for (Object v : values(value, p.list())) {
                    XmlRootElement root = v.getClass().getAnnotation(XmlRootElement.class);
                    List<Element> named = root == null ? List.of() : children.getOrDefault(root.name(), List.of());
                    if (!named.isEmpty() && isModel(v.getClass())) {
                        walk(v, named.get(0), path + "/" + root.name(), visitor);
                    }
                }
                continue;
            }
            List<Element> named = children.getOrDefault(p.name(), List.of());
            String childPath = path + "/" + p.name();
            if (isModel(itemType(p))) {
                List<Object> items = values(value, p.list());
                for (int i = 0; i < Math.min(items.size(), named.size()); i++) {
                    walk(items.get(i), named.get(i), childPath, visitor);
                }
            } else {
                visitor.leaf(bean, p, named, childPath);
            }
        }
    }

    /** The child elements of {@code element} by local name, each list in document order. */
    static Map<String, List<Element>> childrenByName(Element element) {
        Map<String, List<Element>> byName = new HashMap<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                byName.computeIfAbsent(e.getLocalName(), k -> new ArrayList<>()).add(e);
            }
        }
        return byName;
    }

    /** The child elements of {@code element}, in document order. */
    static List<Element> children(Element element) {
        List<Element> out = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Object> values(Object value, boolean list) {
        List<Object> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (list && value instanceof Collection<?> c) {
            for (Object o : c) {
                if (o != null) {
                    out.add(o);
                }
            }
        } else if (!list) {
            out.add(value);
        }
        return out;
    }

    /** The type of a field's items: the field's type, or the element type of a list. */
    static Class<?> itemType(Property p) {
        if (!p.list()) {
            return p.type();
        }
        java.lang.reflect.Type t = p.field().getGenericType();
        if (t instanceof java.lang.reflect.ParameterizedType pt
                && pt.getActualTypeArguments()[0] instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    private static List<Property> properties(Class<?> type) {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            chain.add(0, c);
        }
        List<Property> out = new ArrayList<>();
        for (Class<?> c : chain) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.isSynthetic()
                        || f.isAnnotationPresent(XmlTransient.class) || f.isAnnotationPresent(XmlAttribute.class)) {
                    continue;
                }
                f.setAccessible(true);
                boolean list = List.class.isAssignableFrom(f.getType());
                XmlAnyElement any = f.getAnnotation(XmlAnyElement.class);
                if (any != null) {
                    out.add(new Property(f, null, list, any.lax(), !any.lax()));
                    continue;
                }
                XmlElement el = f.getAnnotation(XmlElement.class);
                String name = el == null || "##default".equals(el.name()) ? f.getName() : el.name();
                out.add(new Property(f, name, list, false, false));
            }
        }
        return List.copyOf(out);
    }
}
