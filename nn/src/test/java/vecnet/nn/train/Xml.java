package vecnet.nn.train;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses XML with the JDK's DOM parser (java.xml) into a small element tree for assertions. The test
 * sources are compiled as part of module vecnet.nn, which does not read java.xml (and must not, for
 * the main code), so the parser is reached reflectively; at test run time the classes are on the
 * class path, where java.xml is readable.
 */
final class Xml {
    private static final short ELEMENT_NODE = 1;

    /** An element: its tag, attributes, child elements and its whole text content. */
    record Element(String tag, Map<String, String> attributes, List<Element> children, String text) {
        String attr(String name) {
            String v = attributes.get(name);
            if (v == null) {
                throw new AssertionError("<" + tag + "> has no attribute " + name + ": " + attributes);
            }
            return v;
        }

        double number(String name) {
            return Double.parseDouble(attr(name));
        }

        /** Descendants (not this element) with the tag and, when cls is not null, that class, in document order. */
        List<Element> find(String findTag, String cls) {
            List<Element> out = new ArrayList<>();
            collect(findTag, cls, out);
            return out;
        }

        private void collect(String findTag, String cls, List<Element> out) {
            for (Element c : children) {
                if (c.tag.equals(findTag) && (cls == null || cls.equals(c.attributes.get("class")))) {
                    out.add(c);
                }
                c.collect(findTag, cls, out);
            }
        }
    }

    private Xml() {
    }

    static Element parse(String xml) {
        try {
            Class<?> factoryClass = Class.forName("javax.xml.parsers.DocumentBuilderFactory");
            Class<?> builderClass = Class.forName("javax.xml.parsers.DocumentBuilder");
            Object factory = factoryClass.getMethod("newInstance").invoke(null);
            // an SVG needs no DTD: refuse one, so nothing external could be fetched
            factoryClass.getMethod("setFeature", String.class, boolean.class)
                    .invoke(factory, "http://apache.org/xml/features/disallow-doctype-decl", true);
            Object builder = factoryClass.getMethod("newDocumentBuilder").invoke(factory);
            InputStream in = new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
            Object doc = builderClass.getMethod("parse", InputStream.class).invoke(builder, in);
            Object root = Class.forName("org.w3c.dom.Document").getMethod("getDocumentElement").invoke(doc);
            return convert(root, new Dom());
        } catch (InvocationTargetException e) {
            throw new AssertionError("not well-formed XML: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the JDK's java.xml parser is not reachable", e);
        }
    }

    /** The org.w3c.dom methods used. */
    private static final class Dom {
        final Method nodeType;
        final Method nodeName;
        final Method nodeValue;
        final Method textContent;
        final Method childNodes;
        final Method attributes;
        final Method listLength;
        final Method listItem;
        final Method mapLength;
        final Method mapItem;

        Dom() throws ReflectiveOperationException {
            Class<?> node = Class.forName("org.w3c.dom.Node");
            Class<?> list = Class.forName("org.w3c.dom.NodeList");
            Class<?> map = Class.forName("org.w3c.dom.NamedNodeMap");
            nodeType = node.getMethod("getNodeType");
            nodeName = node.getMethod("getNodeName");
            nodeValue = node.getMethod("getNodeValue");
            textContent = node.getMethod("getTextContent");
            childNodes = node.getMethod("getChildNodes");
            attributes = node.getMethod("getAttributes");
            listLength = list.getMethod("getLength");
            listItem = list.getMethod("item", int.class);
            mapLength = map.getMethod("getLength");
            mapItem = map.getMethod("item", int.class);
        }
    }

    private static Element convert(Object node, Dom d) throws ReflectiveOperationException {
        Map<String, String> attrs = new LinkedHashMap<>();
        Object map = d.attributes.invoke(node);
        int na = (int) d.mapLength.invoke(map);
        for (int i = 0; i < na; i++) {
            Object a = d.mapItem.invoke(map, i);
            attrs.put((String) d.nodeName.invoke(a), (String) d.nodeValue.invoke(a));
        }
        List<Element> children = new ArrayList<>();
        Object list = d.childNodes.invoke(node);
        int nc = (int) d.listLength.invoke(list);
        for (int i = 0; i < nc; i++) {
            Object c = d.listItem.invoke(list, i);
            if ((short) d.nodeType.invoke(c) == ELEMENT_NODE) {
                children.add(convert(c, d));
            }
        }
        return new Element((String) d.nodeName.invoke(node), Collections.unmodifiableMap(attrs),
                Collections.unmodifiableList(children), (String) d.textContent.invoke(node));
    }
}
