package org.iaasengine.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iaasengine.examples.support.ModelTable;
import org.iaasengine.examples.support.Table;
import org.iaasengine.libvirt.actions.HostStatistics;
import org.iaasengine.model.Host;
import org.iaasengine.model.ModelSnapshot;
import org.iaasengine.model.Vm;

/**
 * Prints results as tables for people or as JSON for scripts. JSON field names are stable: a VM is
 * {@code {"name","uuid","host","state","status","vcpus","memoryKiB","macs","ip","definitionRef"}}.
 */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final boolean json;

    Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON of " + value, e);
        }
    }

    private void print(Object jsonValue, String text) {
        out.print(json ? toJson(jsonValue) + "\n" : text);
        out.flush();
    }

    void vm(Vm vm) {
        print(vmJson(vm), ModelTable.vms(List.of(vm)));
    }

    void vms(List<Vm> vms) {
        print(vms.stream().sorted(Comparator.comparing(Vm::name)).map(Output::vmJson).toList(), ModelTable.vms(vms));
    }

    /** What a power action did ({@code iaas vm poweroff}...): {@code {"vm","outcome","after","deletedFiles"}}. */
    void power(org.iaasengine.libvirt.spec.PowerResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vm", r.vm());
        m.put("outcome", r.outcome().name());
        m.put("after", r.after() == null ? null : vmJson(r.after()));
        m.put("deletedFiles", r.deletedFiles());
        print(m, r.vm() + ": " + r.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "\n"
                + (r.after() == null ? "" : ModelTable.vms(List.of(r.after()))));
    }

    void deleted(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("deleted", true);
        print(m, "deleted " + name + "\n");
    }

    void host(Host host) {
        print(hostJson(host), ModelTable.hosts(List.of(host)));
    }

    void stats(HostStatistics s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", s.host());
        m.put("cpuUsage", s.cpuUsage());
        m.put("memTotalKiB", s.memTotalKiB());
        m.put("memUsedKiB", s.memUsedKiB());
        m.put("memFreeKiB", s.memFreeKiB());
        m.put("intervalMillis", s.interval().toMillis());
        String text = new Table("HOST", "CPU", "MEMORY", "USED", "FREE", "INTERVAL")
                .row(s.host(), String.format(java.util.Locale.ROOT, "%.1f%%", s.cpuUsage() * 100),
                        ModelTable.mib(s.memTotalKiB()), ModelTable.mib(s.memUsedKiB()), ModelTable.mib(s.memFreeKiB()),
                        s.interval().toMillis() + " ms")
                .render();
        print(m, text);
    }

    void model(ModelSnapshot snapshot) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", snapshot.version());
        m.put("hosts", snapshot.hosts().values().stream().sorted(Comparator.comparing(Host::name)).map(Output::hostJson)
                .toList());
        m.put("vms", snapshot.vms().values().stream().sorted(Comparator.comparing(Vm::name)).map(Output::vmJson)
                .toList());
        print(m, ModelTable.render(snapshot));
    }

    /** A job submitted with {@code --no-wait}: {@code {"jobId","node","action"}}. */
    void submitted(String jobId, String node, String action) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", jobId);
        m.put("node", node);
        m.put("action", action);
        print(m, "job " + jobId + " submitted: " + action + " on " + node + "\n");
    }

    /** Jobs ({@code iaas jobs list}): {@code [{"jobId","orchestrator","node","action","submittedAt","status",...}]}. */
    void jobs(List<org.iaasengine.agent.view.ClusterView.JobRow> rows) {
        Table t = new Table("JOB", "ACTION", "NODE", "STATUS", "STEPS", "SUBMITTED", "ORCHESTRATOR");
        for (var j : rows) {
            t.row(j.jobId(), j.action(), j.node(), j.status(), String.valueOf(j.stepsDone()),
                    j.submittedAt().toString(), j.orchestrator());
        }
        print(rows.stream().map(Output::jobJson).toList(), t.render());
    }

    /** One job ({@code iaas jobs show}) with its request and, once answered, its result or failure. */
    void job(org.iaasengine.agent.view.ClusterView.JobRow j, com.fasterxml.jackson.databind.JsonNode request,
            org.iaasengine.agent.Jobs.Answer answer) {
        Map<String, Object> m = jobJson(j);
        m.put("request", request);
        m.put("result", answer == null ? null : answer.result());
        m.put("failure", answer == null ? null : answer.failure());
        StringBuilder text = new StringBuilder(new Table("JOB", "ACTION", "NODE", "STATUS", "STEPS", "SUBMITTED")
                .row(j.jobId(), j.action(), j.node(), j.status(), String.valueOf(j.stepsDone()), j.submittedAt().toString())
                .render());
        if (answer != null && answer.failure() != null) {
            text.append("failure: ").append(answer.failure().category()).append(": ")
                    .append(org.iaasengine.core.Visible.of(String.valueOf(answer.failure().message()))).append('\n');
        }
        print(m, text.toString());
    }

    static Map<String, Object> jobJson(org.iaasengine.agent.view.ClusterView.JobRow j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", j.jobId());
        m.put("orchestrator", j.orchestrator());
        m.put("node", j.node());
        m.put("action", j.action());
        m.put("submittedAt", j.submittedAt().toString());
        m.put("status", j.status());
        m.put("stepsDone", j.stepsDone());
        m.put("failureCategory", j.failureCategory());
        m.put("failureMessage", j.failureMessage());
        return m;
    }

    /** Hosts of the cluster ({@code iaas cluster hosts}). */
    void clusterHosts(List<org.iaasengine.agent.view.ClusterView.HostRow> rows) {
        Table t = new Table("NODE", "LIVENESS", "FREE MEMORY", "MEMORY", "FREE VCPUS", "CPUS", "VMS");
        List<Map<String, Object>> json = new java.util.ArrayList<>();
        for (var h : rows) {
            t.row(h.node(), h.liveness(), ModelTable.mib(h.freeMemoryKiB()), ModelTable.mib(h.memoryKiB()),
                    String.valueOf(h.freeVcpus()), String.valueOf(h.cpus()), String.valueOf(h.vmCount()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", h.node());
            m.put("liveness", h.liveness());
            m.put("lastHeard", h.lastHeard() == null ? null : h.lastHeard().toString());
            m.put("jobsRunning", h.jobsRunning());
            m.put("cpus", h.cpus());
            m.put("freeVcpus", h.freeVcpus());
            m.put("memoryKiB", h.memoryKiB());
            m.put("freeMemoryKiB", h.freeMemoryKiB());
            m.put("hostFreeMemoryKiB", h.hostFreeMemoryKiB());
            m.put("vmCount", h.vmCount());
            m.put("vms", h.vms().stream().map(v -> v.name()).toList());
            json.add(m);
        }
        print(json, t.render());
    }

    static Map<String, Object> vmJson(Vm vm) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", vm.name());
        m.put("uuid", vm.uuid());
        m.put("host", vm.host());
        m.put("state", vm.state().name());
        m.put("status", vm.status().name());
        m.put("vcpus", vm.vcpus());
        m.put("memoryKiB", vm.memoryKiB());
        m.put("macs", vm.macs());
        m.put("ip", vm.ip());
        m.put("definitionRef", vm.definitionRef());
        return m;
    }

    static Map<String, Object> hostJson(Host h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", h.name());
        m.put("uri", h.uri());
        m.put("state", h.state().name());
        m.put("cpuModel", h.cpuModel());
        m.put("cpus", h.cpus());
        m.put("mhz", h.mhz());
        m.put("memoryKiB", h.memoryKiB());
        m.put("freeMemoryKiB", h.freeMemoryKiB());
        m.put("attributes", new java.util.TreeMap<>(h.attributes()));
        return m;
    }
}
