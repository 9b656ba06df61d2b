package dev.payhooks.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * The {@code payhooks} command: {@code demo}, {@code listen}, {@code send}, {@code sign},
 * {@code verify}, {@code inbox} and {@code kafka}. Exit codes: 0 ok, 1 the webhook is not valid or the check failed, 2 usage or
 * configuration error.
 *
 * <pre>{@code
 * java -jar cli/target/payhooks.jar demo
 * java -jar cli/target/payhooks.jar verify --provider stripe --secret whsec_... \
 *     --header 'Stripe-Signature: t=...,v1=...' --body-file body.json
 * }</pre>
 */
@Command(name = "payhooks",
        // Inherited by every sub-command unless it sets its own: the help options and the exit-code heading.
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = PayhooksCommand.Version.class,
        description = "Receive, send, sign and verify payment webhooks with the payhooks library.",
        subcommands = {DemoCommand.class, ListenCommand.class, SendCommand.class, SignCommand.class,
                VerifyCommand.class, InboxCommand.class, KafkaCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:the webhook is not valid, or the check failed", "2:usage or configuration error"})
public final class PayhooksCommand implements Callable<Integer> {

    /** Exit code: everything as expected. */
    public static final int OK = 0;
    /** Exit code: the webhook is not valid, or the check failed. */
    public static final int INVALID = 1;
    /** Exit code: usage or configuration error. */
    public static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    /** Creates the command; picocli fills its fields. */
    public PayhooksCommand() {
    }

    /**
     * Runs the command and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        // A command-line tool shows warnings only; Jetty and H2 would otherwise greet on stderr.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line: the exit codes of this tool, its error reporting. Tests run
     * sub-commands in-process through it, with {@link CommandLine#setOut} and {@link CommandLine#setErr}.
     *
     * @return a new command line
     */
    public static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /**
     * The configured command line, creating sub-commands through a factory (tests hand
     * {@code listen} a hook that receives the running server).
     *
     * @param factory the factory
     * @return a new command line
     */
    static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine commandLine = new CommandLine(new PayhooksCommand(), factory);
        commandLine.setExecutionExceptionHandler(PayhooksCommand::handleExecutionException);
        return commandLine;
    }

    /**
     * Without a sub-command: the usage, as a usage error.
     *
     * @return {@link #USAGE}
     */
    @Override
    public Integer call() {
        return nameOne(spec, "Name a command: demo, listen, send, sign, verify, inbox or kafka.");
    }

    /**
     * What a command that only groups sub-commands does when run alone: says which to name, prints
     * its usage to standard error, and ends as a usage error.
     *
     * @param spec the grouping command
     * @param hint the sentence naming its sub-commands
     * @return {@link #USAGE}
     */
    static int nameOne(CommandSpec spec, String hint) {
        spec.commandLine().getErr().println(hint);
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    private static int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            // Configuration errors: the library's messages say what is wrong and how to fix it.
            commandLine.getErr().println("error: " + e.getMessage());
            return USAGE;
        }
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            commandLine.getErr().println("error: " + e.getMessage());
            return INVALID;
        }
        commandLine.getErr().println("error: unexpected " + e);
        e.printStackTrace(commandLine.getErr());
        return INVALID;
    }

    /** The version, from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = PayhooksCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"payhooks " + properties.getProperty("version", "(unknown version)")};
        }
    }
}
