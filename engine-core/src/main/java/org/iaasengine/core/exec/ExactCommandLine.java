package org.iaasengine.core.exec;

import java.util.List;
import org.apache.commons.exec.CommandLine;

/**
 * A Commons Exec {@link CommandLine} built from an argument array that reaches the program
 * exactly as given. Commons Exec's own arguments trim white space at both ends (and its
 * executable has its separators rewritten), which would change a domain name such as
 * {@code " web1"}; this one hands the launcher the array untouched. Never parsed from a string.
 */
final class ExactCommandLine extends CommandLine {
    private final String[] argv;

    ExactCommandLine(List<String> argv) {
        super(argv.get(0));
        this.argv = argv.toArray(String[]::new);
    }

    @Override
    public String[] toStrings() {
        return argv.clone();
    }

    @Override
    public String getExecutable() {
        return argv[0];
    }

    @Override
    public String[] getArguments() {
        String[] args = new String[argv.length - 1];
        System.arraycopy(argv, 1, args, 0, args.length);
        return args;
    }

    @Override
    public String toString() {
        return List.of(argv).toString();
    }
}
