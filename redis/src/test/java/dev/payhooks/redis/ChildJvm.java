package dev.payhooks.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate JVM running a main class from the test class path: a second application instance as
 * far as Redis can tell. Talks line by line over stdin/stdout; stderr goes to the build log.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    private ChildJvm(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static ChildJvm start(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Small and quick to start: the children are load generators, not the subject.
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

    /** The child's next stdout line, or {@code null} once it exited. */
    String readLine() throws IOException {
        return out.readLine();
    }

    /** Reads lines until one equals {@code expected}; fails if the child exits first. */
    void await(String expected) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals(expected)) {
                return;
            }
        }
        throw new IllegalStateException("the child JVM exited (" + exitCodeIfDone() + ") before printing " + expected);
    }

    void send(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
    }

    Process process() {
        return process;
    }

    private String exitCodeIfDone() {
        return process.isAlive() ? "still running" : "exit code " + process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
