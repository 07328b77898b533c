package org.iaasengine.libvirt.xml;

import static org.assertj.core.api.Assertions.assertThat;

import org.w3c.dom.Node;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.diff.ComparisonResult;
import org.xmlunit.diff.ComparisonType;
import org.xmlunit.diff.DefaultNodeMatcher;
import org.xmlunit.diff.Diff;
import org.xmlunit.diff.ElementSelectors;

/**
 * Test helper: structural comparison of two XML documents with XMLUnit. The same tree means: the
 * same elements in the same order everywhere, the same attributes (in any order, any quoting),
 * the same namespaces (prefixes do not matter) and the same text; whitespace-only text between
 * the children of an element with no other text (indentation) does not count, text in mixed
 * content counts exactly.
 */
final class XmlTrees {
    private XmlTrees() {
    }

    static void assertSameTree(String actual, String expected) {
        Diff diff = DiffBuilder.compare(expected).withTest(actual)
                .withNodeFilter(XmlTrees::notIndentation)
                .withNodeMatcher(new DefaultNodeMatcher(ElementSelectors.byName))
                .withDifferenceEvaluator((comparison, outcome) -> {
                    if (outcome == ComparisonResult.EQUAL) {
                        return outcome;
                    }
                    ComparisonType t = comparison.getType();
                    if (t == ComparisonType.NAMESPACE_PREFIX || t == ComparisonType.XML_STANDALONE
                            || t == ComparisonType.XML_ENCODING) {
                        return ComparisonResult.EQUAL;
                    }
                    return ComparisonResult.DIFFERENT; // child order and everything else counts
                })
                .checkForIdentical().build();
        assertThat(diff.hasDifferences()).as("XML differs from the expected tree: %s%nwritten:%n%s", diff, actual)
                .isFalse();
    }

    /** Keeps every node but whitespace-only text whose parent has element children and no other text. */
    private static boolean notIndentation(Node n) {
        if (n.getNodeType() != Node.TEXT_NODE || !n.getNodeValue().isBlank()) {
            return true;
        }
        Node parent = n.getParentNode();
        boolean elements = false;
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.ELEMENT_NODE) {
                elements = true;
            } else if (c.getNodeType() == Node.TEXT_NODE && !c.getNodeValue().isBlank()) {
                return true; // mixed content: all its text counts
            }
        }
        return !elements;
    }
}
