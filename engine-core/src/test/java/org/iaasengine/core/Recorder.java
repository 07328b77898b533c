package org.iaasengine.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records commands' executions and reverts, and engine events, for assertions. */
final class Recorder implements EngineListener {
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<EngineEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(EngineEvent event) {
        events.add(event);
    }

    /** A command that logs "do:name" and "undo:name" and returns its name. */
    Command<String> cmd(String name) {
        return new Command<>() {
            @Override
            public String execute(CommandContext ctx) {
                log.add("do:" + name);
                return name;
            }

            @Override
            public void revert(CommandContext ctx, String result) {
                log.add("undo:" + result);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    /** A command that fails with {@code category} after logging. */
    Command<String> failing(String name, FailureCategory category) {
        return new Command<>() {
            @Override
            public String execute(CommandContext ctx) {
                log.add("do:" + name);
                throw new CommandException(category, name + " failed");
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    <E extends EngineEvent> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The revert events in order, as "reverting S", "reverted S" and "revert failed S". */
    List<String> revertEvents() {
        return events.stream().<String>mapMulti((e, out) -> {
            if (e instanceof EngineEvent.Reverting r) {
                out.accept("reverting " + r.step());
            } else if (e instanceof EngineEvent.Reverted r) {
                out.accept("reverted " + r.step());
            } else if (e instanceof EngineEvent.RevertFailed r) {
                out.accept("revert failed " + r.step());
            }
        }).toList();
    }
}
