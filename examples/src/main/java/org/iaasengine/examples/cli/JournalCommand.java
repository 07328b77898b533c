package org.iaasengine.examples.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.Visible;
import org.iaasengine.examples.support.Table;
import org.iaasengine.journal.ActionEntry;
import org.iaasengine.journal.RecordEntry;
import org.iaasengine.journal.RecoveryReport;
import org.iaasengine.journal.SqlJournal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code iaas journal list|show|recover}: the tool's action journal, for a person. {@code list}
 * and {@code show} read the journal file only; {@code recover} opens the host and settles what an
 * invocation that died left for it (every other command does so too, before its own action).
 */
@Command(name = "journal", mixinStandardHelpOptions = true,
        description = "The journal of the actions the tool ran: list, show, recover.")
final class JournalCommand implements Runnable {
    @ParentCommand
    IaasCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "a journal command is needed: list, show or recover");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The newest actions, newest first.")
    int list(@Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "How many (default: ${DEFAULT-VALUE}).") int limit) {
        if (limit < 1) {
            throw CommandException.invalid("--limit must be at least 1, was " + limit);
        }
        try (SqlJournal j = Session.openJournal(cli)) {
            List<ActionEntry> entries = j.list(limit);
            Table t = new Table("ID", "ACTION", "RESOURCE", "STATE", "STARTED", "REASON");
            List<Object> json = new ArrayList<>();
            for (ActionEntry e : entries) {
                t.row(e.actionId(), e.actionName(), e.resourceKey(), e.state().name(), e.startedAt().toString(),
                        e.reason() == null ? "" : Visible.of(e.reason()));
                json.add(entryJson(e));
            }
            print(json, t.render());
        }
        return ExitCodes.OK;
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One action: its request, state and every transition record.")
    int show(@Parameters(paramLabel = "ID", description = "The action's id (see `iaas journal list`).") String id) {
        try (SqlJournal j = Session.openJournal(cli)) {
            ActionEntry e = j.action(id).orElseThrow(() -> CommandException.notFound("no action '" + Visible.of(id)
                    + "' in the journal " + Session.journalFile(cli)));
            List<RecordEntry> records = j.records(id);
            Map<String, Object> m = entryJson(e);
            List<Object> rs = new ArrayList<>();
            Table t = new Table("SEQ", "KIND", "STEP", "ATTEMPT", "VALUE", "AT");
            for (RecordEntry r : records) {
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("seq", r.seq());
                rm.put("kind", r.kind().name());
                rm.put("stepIndex", r.stepIndex());
                rm.put("step", r.stepName());
                rm.put("attempt", r.attempt());
                rm.put("valueType", r.valueType());
                rm.put("value", r.valueJson());
                rm.put("at", r.at().toString());
                rm.put("intact", r.intact());
                rs.add(rm);
                t.row(Integer.toString(r.seq()), r.kind().name(), r.stepName(),
                        r.attempt() == 0 ? "" : Integer.toString(r.attempt()),
                        r.valueJson() == null ? "" : Visible.of(r.valueJson()), r.at().toString());
            }
            m.put("records", rs);
            String head = "action   " + e.actionId() + "\nname     " + e.actionName() + " on " + e.resourceKey()
                    + "\nstate    " + e.state() + (e.reason() != null ? " (" + Visible.of(e.reason()) + ")" : "")
                    + "\nrequest  " + (e.requestJson() == null ? "-" : Visible.of(e.requestJson()))
                    + "\nstarted  " + e.startedAt() + (e.finishedAt() != null ? "\nfinished " + e.finishedAt() : "")
                    + "\n\n";
            print(m, head + t.render());
        }
        return ExitCodes.OK;
    }

    @Command(name = "recover", mixinStandardHelpOptions = true,
            description = "Settle the actions an invocation that died left for this host: revert them, or finish "
                    + "a delete; an action that cannot be settled now stays pending.")
    int recover() {
        RecoveryReport report;
        try (Session s = Session.openWithoutRecovery(cli)) {
            report = s.recover(spec.commandLine().getErr());
        }
        Table t = new Table("ID", "ACTION", "RESOURCE", "RESULT", "DETAIL");
        List<Object> json = new ArrayList<>();
        for (RecoveryReport.Outcome o : report.outcomes()) {
            t.row(o.actionId(), o.actionName(), o.resourceKey(), o.result().name(), Visible.of(o.detail()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", o.actionId());
            m.put("action", o.actionName());
            m.put("resource", o.resourceKey());
            m.put("result", o.result().name());
            m.put("detail", o.detail());
            json.add(m);
        }
        print(json, report.outcomes().isEmpty() ? "nothing to recover\n" : t.render());
        return report.count(RecoveryReport.Result.PENDING) + report.count(RecoveryReport.Result.FAILED) > 0
                ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private static Map<String, Object> entryJson(ActionEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.actionId());
        m.put("action", e.actionName());
        m.put("resource", e.resourceKey());
        m.put("state", e.state().name());
        m.put("reason", e.reason());
        m.put("request", e.requestJson());
        m.put("startedAt", e.startedAt().toString());
        m.put("finishedAt", e.finishedAt() == null ? null : e.finishedAt().toString());
        m.put("recoveries", e.recoveries());
        m.put("intact", e.intact());
        return m;
    }

    private void print(Object json, String text) {
        var out = spec.commandLine().getOut();
        out.print(cli.json ? Output.toJson(json) + "\n" : text);
        out.flush();
    }
}
