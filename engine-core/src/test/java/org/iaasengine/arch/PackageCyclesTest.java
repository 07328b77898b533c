package org.iaasengine.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.iaasengine.core.Engine;
import org.junit.jupiter.api.Test;

/**
 * No two packages of engine-core's main classes depend on each other, directly or through others:
 * the class files are read with jdeps (the JDK's own dependency analyser), the dependencies between
 * org.iaasengine packages are gathered, and any strongly connected group of two or more packages
 * is a cycle, reported with the class dependencies that make it.
 */
class PackageCyclesTest {
    private static final String OURS = "org.iaasengine.";
    // "   org.iaasengine.core.Engine      -> org.iaasengine.core.spi.Journal      classes"
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+\\S.*$");

    @Test
    void engineCoreHasNoPackageCycle() throws Exception {
        Path classes = mainClasses();
        Map<String, Map<String, Set<String>>> graph = packageGraph(classes);
        assertThat(graph).as("packages read from %s", classes).containsKeys("org.iaasengine.core",
                "org.iaasengine.core.spi", "org.iaasengine.model", "org.iaasengine.request");

        List<Set<String>> cycles = cycles(graph);

        assertThat(cycles).as("package cycles in %s:%n%s", classes, describe(cycles, graph)).isEmpty();
    }

    /** Where engine-core's main classes are (its classes folder in a build). */
    private static Path mainClasses() throws URISyntaxException {
        Path p = Path.of(Engine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(Files.exists(p)).as("engine-core classes at %s", p).isTrue();
        return p;
    }

    /** Package to package (ours only, other than itself), each edge with the class dependencies behind it. */
    static Map<String, Map<String, Set<String>>> packageGraph(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:class", "-filter:none",
                classes.toString());
        assertThat(rc).as("jdeps: %s", err).isZero();
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher m = EDGE.matcher(line);
            if (!m.matches() || !m.group(1).startsWith(OURS) || !m.group(2).startsWith(OURS)) {
                continue;
            }
            String from = packageOf(m.group(1));
            String to = packageOf(m.group(2));
            graph.computeIfAbsent(to, k -> new TreeMap<>());
            Map<String, Set<String>> edges = graph.computeIfAbsent(from, k -> new TreeMap<>());
            if (!from.equals(to)) {
                edges.computeIfAbsent(to, k -> new TreeSet<>()).add(m.group(1) + " -> " + m.group(2));
            }
        }
        return graph;
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }

    /** The strongly connected groups of two or more packages (Tarjan's algorithm). */
    static List<Set<String>> cycles(Map<String, Map<String, Set<String>>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void connect(String v, Map<String, Map<String, Set<String>>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : graph.get(v).keySet()) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> group = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                group.add(w);
            } while (!w.equals(v));
            if (group.size() > 1) {
                found.add(group);
            }
        }
    }

    private static String describe(List<Set<String>> cycles, Map<String, Map<String, Set<String>>> graph) {
        StringBuilder sb = new StringBuilder();
        for (Set<String> group : cycles) {
            sb.append("cycle among ").append(group).append('\n');
            for (String from : group) {
                graph.get(from).forEach((to, because) -> {
                    if (group.contains(to)) {
                        sb.append("  ").append(from).append(" -> ").append(to).append(", e.g. ")
                                .append(because.iterator().next()).append(because.size() > 1
                                        ? " (and " + (because.size() - 1) + " more)" : "").append('\n');
                    }
                });
            }
        }
        return sb.toString();
    }

    @Test
    void theCycleFinderFindsCyclesAndOnlyCycles() {
        Map<String, Map<String, Set<String>>> g = new TreeMap<>();
        for (String p : List.of("a", "b", "c", "d", "e")) {
            g.put(p, new TreeMap<>());
        }
        g.get("a").put("b", Set.of("A -> B"));
        g.get("b").put("c", Set.of("B -> C"));
        g.get("c").put("a", Set.of("C -> A")); // a -> b -> c -> a
        g.get("c").put("d", Set.of("C -> D"));
        g.get("d").put("e", Set.of("D -> E")); // no way back from e

        assertThat(cycles(g)).containsExactly(Set.of("a", "b", "c"));

        g.get("c").remove("a");
        assertThat(cycles(g)).isEmpty();
    }
}
