package org.iaasengine.powervm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.XmlTrees;
import org.iaasengine.powervm.actions.AttachVolumeAction;
import org.iaasengine.powervm.actions.PlugVifAction;
import org.iaasengine.powervm.actions.PowerOffAction;
import org.iaasengine.powervm.actions.ResizeAction;
import org.iaasengine.powervm.actions.SpawnAction;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.spec.PlugVifRequest;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffRequest;
import org.iaasengine.powervm.spec.ResizeRequest;
import org.iaasengine.powervm.spec.VolumeRequest;
import org.iaasengine.powervm.xml.PowerVmXml;
import org.iaasengine.powervm.xml.schema.Namespaces;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.iaasengine.powervm.xml.web.LogonRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The simulator's answers held against the recorded HMC payloads (the reference directory,
 * {@code -Dpowervm.reference=...}, by default the copy in the repository, {@code testdata/powervm-reference} from the module):
 * the same Atom envelope, content types and headers, no element the recorded object and the schema
 * do not know, the recorded order, the API's job statuses and event details; and the recorded
 * payloads themselves in the schema order the simulator requires of request bodies.
 */
class ConformanceTest extends SimTestSupport {
    private static final Path REFERENCE = Path.of(System.getProperty("powervm.reference",
            "../testdata/powervm-reference"));
    private static final Set<String> API_JOB_STATUSES = Set.of("NOT_STARTED", "RUNNING", "COMPLETED_OK",
            "COMPLETED_WITH_WARNINGS", "COMPLETED_WITH_ERROR");

    private final HttpClient http = HttpClient.newHttpClient();
    private String session;

    /** One recorded answer: its headers (lower-case names) and body. */
    private record Recorded(Map<String, String> headers, Element body) {
    }

    /** One answer of the simulator. */
    private record Answer(int status, Map<String, String> headers, Element body) {
    }

    @BeforeEach
    void referenceAndSession() throws Exception {
        org.assertj.core.api.Assertions.assertThat(REFERENCE).as("the recorded payloads (testdata/powervm-reference)")
                .isDirectory();
        LogonRequest logon = new LogonRequest("hscroot", "sim-Passw0rd");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(sim.uri().resolve("/rest/api/web/Logon"))
                .header("Content-Type", Namespaces.webType("LogonRequest"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(PowerVmXml.marshal(logon))).build(),
                HttpResponse.BodyHandlers.ofString());
        session = XmlTrees.text(XmlTrees.parse(r.body()), "X-API-Session");
    }

    private Answer get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(sim.uri().resolve("/rest/api/uom/" + path))
                .header("X-API-Session", session).GET().build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> headers = new LinkedHashMap<>();
        r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        return new Answer(r.statusCode(), headers, r.body().isEmpty() ? null : XmlTrees.parse(r.body()));
    }

    private Answer put(String path, byte[] body, String type) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(sim.uri().resolve("/rest/api/uom/" + path))
                .header("X-API-Session", session).header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), Map.of(), XmlTrees.parse(r.body()));
    }

    /** A recorded file: its HEADERS block and BODY, or the whole file when it is plain XML. */
    private static Recorded recorded(String file) throws IOException {
        String text = Files.readString(REFERENCE.resolve(file), StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        String body = text;
        int b = text.indexOf("BODY{");
        if (b >= 0) {
            Matcher h = Pattern.compile("'([a-zA-Z-]+)': '([^']*)'").matcher(text.substring(text.indexOf("HEADERS{"), b));
            while (h.find()) {
                headers.put(h.group(1).toLowerCase(), h.group(2));
            }
            body = text.substring(b + 5, text.lastIndexOf("END OF SECTION}"));
        }
        return new Recorded(headers, XmlTrees.parse(repairEndTags(body.strip())));
    }

    /**
     * The recorded managed system has two end tags that do not match their start tag (leaf elements
     * on one line); they are given the start tag's name so that the payload parses.
     */
    private static String repairEndTags(String xml) {
        Matcher m = Pattern.compile("<([A-Za-z][\\w.-]*)(\\s[^<>]*[^/<>])?>([^<\\n]*)</([A-Za-z][\\w.-]*)>")
                .matcher(xml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String fixed = m.group(1).equals(m.group(4)) ? m.group()
                    : "<" + m.group(1) + (m.group(2) == null ? "" : m.group(2)) + ">" + m.group(3) + "</" + m.group(1) + ">";
            m.appendReplacement(out, Matcher.quoteReplacement(fixed));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The content object of an entry. */
    private static Element content(Element entry) {
        return XmlTrees.children(XmlTrees.child(entry, "content")).get(0);
    }

    /**
     * Every way {@code sim} departs from {@code rec}: an element neither the recorded object nor the
     * schema knows, or elements in another order than the recorded one; at every depth where both
     * have the element.
     */
    private static List<String> departures(Element rec, Element sim) {
        List<String> out = new ArrayList<>();
        depart(rec, sim, sim.getLocalName(), out);
        return out;
    }

    private static void depart(Element rec, Element sim, String path, List<String> out) {
        List<String> recNames = XmlTrees.children(rec).stream().map(Element::getLocalName).toList();
        List<String> schema = SchemaOrder.of(sim.getLocalName());
        int last = -1;
        for (Element c : XmlTrees.children(sim)) {
            String name = c.getLocalName();
            int at = recNames.indexOf(name);
            if (at < 0 && (schema == null || !schema.contains(name)) && !recNames.isEmpty()) {
                out.add(path + ": " + name + " is in neither the recorded payload nor the schema");
            }
            if (at >= 0 && at < last) {
                out.add(path + ": " + name + " comes before where the recorded payload has it");
            }
            last = Math.max(last, at);
            if (at >= 0) {
                depart(XmlTrees.children(rec).get(at), c, path + "/" + name, out);
            }
        }
    }

    private void sameEnvelope(Recorded rec, Answer sim) {
        assertThat(sim.status()).isEqualTo(200);
        assertThat(sim.headers().get("content-type")).isEqualTo(rec.headers().get("content-type"));
        assertThat(sim.headers().containsKey("etag")).as("ETag header").isEqualTo(rec.headers().containsKey("etag"));
        Element recEntry = rec.body();
        Element simEntry = sim.body();
        assertThat(departures(recEntry, simEntry)).isEmpty();
        assertThat(XmlTrees.child(simEntry, "content").getAttribute("type"))
                .isEqualTo(XmlTrees.child(recEntry, "content").getAttribute("type"));
        assertThat(content(simEntry).getNamespaceURI()).isEqualTo(content(recEntry).getNamespaceURI());
        assertThat(content(simEntry).hasAttribute("schemaVersion")).isTrue();
    }

    private static Element firstEntry(Element feed) {
        return XmlTrees.child(feed, "entry");
    }

    @Test
    void theRecordedPayloadsAreInTheSchemaOrderTheSimulatorRequires() throws IOException {
        for (String file : List.of("fake_lpar_feed.txt", "fake_managedsystem.txt", "fake_vios.txt",
                "fake_volume_group.txt", "ssp.txt", "fake_cna.txt", "job_request_power_off.txt",
                "job_response_completed_ok.txt", "job_response_completed_failed.txt", "fake_httperror.txt",
                "event.xml", "logon.xml")) {
            Element body = recorded(file).body();
            assertThat(SchemaOrder.firstMisplaced(body, body.getLocalName())).as(file).isNull();
        }
    }

    @Test
    void theLibrarysCreatePayloadFollowsTheRecordedBuilderPayload() throws IOException {
        String text = Files.readString(REFERENCE.resolve("lpar_builder.txt"), StandardCharsets.UTF_8);
        String section = text.substring(text.indexOf("SECTION:shared_lpar") + "SECTION:shared_lpar".length(),
                text.indexOf("END OF SECTION", text.indexOf("SECTION:shared_lpar")));
        Element builder = XmlTrees.parse(section.strip());

        Element ours = XmlTrees.parse(PowerVmXml.toXml(LogicalPartition.create("web1", 1024, 0.5, 1)));

        assertThat(departures(builder, ours)).isEmpty();
        assertThat(SchemaOrder.firstMisplaced(ours, ours.getLocalName())).isNull();
    }

    @Test
    void entriesAndFeedsHaveTheRecordedShape() throws Exception {
        engine.run(SpawnAction.plan(hostA, sspA, spawnRequest("web1")));
        engine.run(AttachVolumeAction.plan(hostA, new VolumeRequest("web1", VolumeRequest.Connector.NPIV, "fcs0")));
        String ms = sim.systemUuid("sim-a");
        String lpar = sim.lparUuid("web1").orElseThrow();
        String vios = sim.viosUuid("vios-a");

        Recorded lparFeed = recorded("fake_lpar_feed.txt");
        Answer simLparFeed = get(Paths.lpars(ms));
        assertThat(departures(lparFeed.body(), simLparFeed.body())).isEmpty();
        assertThat(simLparFeed.headers().get("content-type")).isEqualTo(lparFeed.headers().get("content-type"));
        assertThat(departures(content(firstEntry(lparFeed.body())), content(firstEntry(simLparFeed.body()))))
                .isEmpty();
        sameEnvelope(new Recorded(lparFeed.headers(), firstEntry(lparFeed.body())), get(Paths.lpar(lpar)));

        Recorded systems = recorded("fake_managedsystem.txt"); // a feed of one system
        Answer simSystems = get(Paths.systems());
        assertThat(departures(systems.body(), simSystems.body())).isEmpty();
        assertThat(departures(content(firstEntry(systems.body())), content(firstEntry(simSystems.body()))))
                .isEmpty();
        assertThat(departures(content(firstEntry(systems.body())), content(get(Paths.system(ms)).body())))
                .isEmpty();

        Recorded viosRec = recorded("fake_vios.txt");
        Answer viosSim = get(Paths.vios(vios));
        sameEnvelope(viosRec, viosSim);
        assertThat(departures(content(viosRec.body()), content(viosSim.body()))).isEmpty();

        Recorded vg = recorded("fake_volume_group.txt");
        sim.addOpticalMedia("vios-a", "blank_media1"); // the media repository's elements are compared too
        Answer vgSim = get(Paths.volumeGroup(vios, sim.volumeGroupUuid("vios-a", "rootvg")));
        sameEnvelope(vg, vgSim);
        assertThat(departures(content(vg.body()), content(vgSim.body()))).isEmpty();

        Recorded ssp = recorded("ssp.txt");
        Answer sspSim = get(Paths.ssp(sim.sspUuid("ssp1")));
        sameEnvelope(ssp, sspSim);
        assertThat(departures(content(ssp.body()), content(sspSim.body()))).isEmpty();

        Recorded cna = recorded("fake_cna.txt");
        Element cnas = get(Paths.adapters(lpar)).body();
        String cnaUuid = XmlTrees.text(firstEntry(cnas), "id");
        Answer cnaSim = get(Paths.adapter(lpar, cnaUuid));
        sameEnvelope(cna, cnaSim);
        assertThat(departures(content(cna.body()), content(cnaSim.body()))).isEmpty();
    }

    @Test
    void theObjectsTheNewFlowsWriteKeepTheRecordedShape() throws Exception {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1").withExtraVlans(List.of(200))));
        engine.run(PlugVifAction.plan(hostA, new PlugVifRequest("sim-a", "web1", 300)));
        engine.run(ResizeAction.plan(hostA, new ResizeRequest("sim-a", "web1", 2048, 0.5, 1, null)));
        String lpar = sim.lparUuid("web1").orElseThrow();
        engine.run(PowerOffAction.plan(hostA, new PowerOffRequest("web1", PowerOffMode.VSP_HARD, false)));
        engine.run(ResizeAction.plan(hostA, new ResizeRequest("sim-a", "web1", 4096, 1.0, 2, null)));

        Recorded lparFeed = recorded("fake_lpar_feed.txt");
        Answer resized = get(Paths.lpar(lpar));
        sameEnvelope(new Recorded(lparFeed.headers(), firstEntry(lparFeed.body())), resized);
        assertThat(departures(content(firstEntry(lparFeed.body())), content(resized.body()))).isEmpty();
        assertThat(SchemaOrder.firstMisplaced(content(resized.body()), "LogicalPartition")).isNull();

        Recorded cna = recorded("fake_cna.txt");
        List<String> ids = new ArrayList<>();
        for (Element e : XmlTrees.children(get(Paths.adapters(lpar)).body(), "entry", x -> true)) {
            ids.add(XmlTrees.text(e, "id"));
        }
        assertThat(ids).hasSize(3);
        for (String id : ids) {
            Answer a = get(Paths.adapter(lpar, id));
            sameEnvelope(cna, a);
            assertThat(departures(content(cna.body()), content(a.body()))).as("adapter %s", id).isEmpty();
        }
    }

    @Test
    void aJobAnswersNotStartedThenRunsThroughPollsAndEndsWithAStatusTheApiHas() throws Exception {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        String lpar = sim.lparUuid("web1").orElseThrow();
        Answer template = get(Paths.lpar(lpar) + "/do/PowerOff");
        Recorded recTemplate = recorded("job_request_power_off.txt");
        assertThat(departures(recTemplate.body(), template.body())).isEmpty();

        Element request = content(template.body());
        byte[] body = XmlTrees.serialize(request);
        Answer started = put(Paths.lpar(lpar) + "/do/PowerOff", body, Namespaces.webType("JobRequest"));
        List<String> statuses = new ArrayList<>();
        statuses.add(XmlTrees.text(content(started.body()), "Status"));
        String id = XmlTrees.text(content(started.body()), "JobID");
        Answer last = started;
        for (int i = 0; i < 10 && !statuses.get(statuses.size() - 1).startsWith("COMPLETED"); i++) {
            last = get("jobs/" + id);
            statuses.add(XmlTrees.text(content(last.body()), "Status"));
        }

        assertThat(statuses).allMatch(API_JOB_STATUSES::contains);
        assertThat(statuses).startsWith("NOT_STARTED", "RUNNING", "RUNNING").endsWith("COMPLETED_OK");
        Recorded ok = recorded("job_response_completed_ok.txt");
        sameEnvelope(ok, last);
        assertThat(departures(content(ok.body()), content(last.body()))).isEmpty();
    }

    @Test
    void eventsCarryDataAndDetailsAsTheRecordedOnes() throws Exception {
        Recorded events = recorded("event.xml");
        Answer first = get("Event?QUEUE_CLIENTKEY_METHOD=USE_APPLICATIONID&QUEUE_APPLICATIONID=conformance");
        assertThat(departures(events.body(), first.body())).isEmpty();
        Element hello = content(firstEntry(first.body()));
        assertThat(departures(content(firstEntry(events.body())), hello)).isEmpty();
        assertThat(XmlTrees.text(hello, "EventType")).isEqualTo("NEW_CLIENT");
        assertThat(XmlTrees.children(hello)).extracting(Element::getLocalName).contains("EventData", "EventDetail");

        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        sim.setLparState("web1", "error");
        List<Element> all = XmlTrees.children(get(
                "Event?QUEUE_CLIENTKEY_METHOD=USE_APPLICATIONID&QUEUE_APPLICATIONID=conformance").body(), "entry",
                e -> true).stream().map(ConformanceTest::content).toList();

        String lpar = sim.lparUuid("web1").orElseThrow();
        Element added = all.stream().filter(e -> XmlTrees.text(e, "EventType").equals("ADD_URI")
                && XmlTrees.text(e, "EventData").endsWith("/LogicalPartition/" + lpar)).findFirst().orElseThrow();
        Element stateChange = all.get(all.size() - 1);
        assertThat(XmlTrees.text(added, "EventData")).startsWith(sim.uri() + "/rest/api/uom/ManagedSystem/");
        assertThat(XmlTrees.text(added, "EventDetail")).isEmpty();
        assertThat(XmlTrees.text(stateChange, "EventType")).isEqualTo("MODIFY_URI");
        assertThat(XmlTrees.text(stateChange, "EventDetail")).isEqualTo("PartitionState,Other");
        for (Element e : all) {
            assertThat(departures(content(firstEntry(events.body())), e)).isEmpty();
        }
    }

    @Test
    void errorsAndLogonHaveTheRecordedShape() throws Exception {
        Recorded error = recorded("fake_httperror.txt");
        sim.faults().viosBusy("GET", "SharedStoragePool", 1);
        Answer busy = get(Paths.ssp(sim.sspUuid("ssp1")));
        assertThat(busy.status()).isEqualTo(500);
        assertThat(departures(error.body(), busy.body())).isEmpty();
        assertThat(departures(content(error.body()), content(busy.body()))).isEmpty();
        assertThat(XmlTrees.text(content(busy.body()), "HTTPStatus")).isEqualTo("500");

        Element logon = recorded("logon.xml").body();
        LogonRequest req = new LogonRequest("hscroot", "sim-Passw0rd");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(sim.uri().resolve("/rest/api/web/Logon"))
                .header("Content-Type", Namespaces.webType("LogonRequest"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(PowerVmXml.marshal(req))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(departures(logon, XmlTrees.parse(r.body()))).isEmpty();
    }
}
