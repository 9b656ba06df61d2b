package dev.payhooks.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A separate JVM running a main class from the test class path: a second application instance as
 * far as a shared store can tell, for multi-process and crash (SIGKILL) tests. Talks line by line
 * over the child's stdin and stdout; the child's stderr goes to the build log.
 *
 * <pre>{@code
 * try (ChildJvm child = ChildJvm.start(MyWorkerMain.class, jdbcUrl, table)) {
 *     child.await("READY");
 *     child.send("GO");
 *     String result = child.readLine();
 * }                                   // destroys the process
 * }</pre>
 *
 * <p>Not thread-safe: one test thread talks to one child.
 *
 * @since 0.1.0
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    private ChildJvm(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /**
     * Starts {@code main} in a new JVM on this JVM's class path, with a small heap and quick
     * startup (the children are load generators, not the subject).
     *
     * @param main the class whose {@code main} runs
     * @param args its arguments
     * @return the running child
     * @throws IOException when the process cannot be started
     */
    public static ChildJvm start(Class<?> main, String... args) throws IOException {
        Objects.requireNonNull(main, "main");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        return new ChildJvm(builder.start());
    }

    /**
     * The child's next stdout line.
     *
     * @return the line, or {@code null} once the child exited
     * @throws IOException when the pipe fails
     */
    public String readLine() throws IOException {
        return out.readLine();
    }

    /**
     * Reads lines until one equals {@code expected}.
     *
     * @param expected the line to wait for
     * @throws IOException when the pipe fails
     * @throws IllegalStateException when the child exits first
     */
    public void await(String expected) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals(expected)) {
                return;
            }
        }
        throw new IllegalStateException("the child JVM exited (" + exitCodeIfDone() + ") before printing " + expected);
    }

    /**
     * Sends one line to the child's stdin.
     *
     * @param line the line, without its terminator
     * @throws IOException when the pipe fails
     */
    public void send(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
    }

    /**
     * The process, for a test that kills it ({@code process().destroyForcibly()} is SIGKILL).
     *
     * @return the child process
     */
    public Process process() {
        return process;
    }

    private String exitCodeIfDone() {
        return process.isAlive() ? "still running" : "exit code " + process.exitValue();
    }

    /** Kills the child (SIGKILL) if it is still running. */
    @Override
    public void close() {
        process.destroyForcibly();
    }
}
