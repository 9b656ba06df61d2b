package dev.payhooks.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command in-process through picocli, capturing what it prints. */
record Run(int exitCode, String out, String err) {

    static Run of(String... args) {
        return with(PayhooksCommand.commandLine(), args);
    }

    static Run with(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
