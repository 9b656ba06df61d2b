package dev.payhooks.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@code java -jar payhooks.jar listen} processes on one real PostgreSQL database: a delivery
 * handled by one is a duplicate for the other.
 */
class ListenOnPostgresIT {

    private static final String SECRET = "whsec_postgres_listen_secret";
    private static final Pattern URL = Pattern.compile("(http://\\S+)");

    /** A listen process and the URL it announced. */
    private record Listener(Process process, String url, Path out) {
        List<String> stopAndReadLines() throws IOException, InterruptedException {
            // SIGTERM: Jetty stops at shutdown, the command returns, stdout is complete.
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return Files.readAllLines(out, StandardCharsets.UTF_8);
        }
    }

    private static Listener listen(String jdbcUrl, Path out) throws IOException {
        Path jar = Path.of(System.getProperty("payhooks.jar", "target/payhooks.jar"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "listen", "--provider", "stripe",
                "--secret", SECRET, "--port", "0", "--json", "--jdbc-url", jdbcUrl)
                .redirectOutput(out.toFile())
                .start();
        process.getOutputStream().close();
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line = err.readLine(); line != null; line = err.readLine()) {
            seen.add(line);
            Matcher matcher = URL.matcher(line);
            if (line.startsWith("payhooks listening") && matcher.find()) {
                return new Listener(process, matcher.group(1), out);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("listen did not start: " + seen);
    }

    @TempDir
    Path dir;

    @Test
    void twoListenProcessesOnOnePostgresDatabaseDeduplicateBetweenThem() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
            Listener a = listen(jdbcUrl, dir.resolve("a.out"));
            Listener b;
            try {
                b = listen(jdbcUrl, dir.resolve("b.out"));
            } catch (RuntimeException | Error e) {
                a.process().destroyForcibly();
                throw e;
            }

            Run toA = Run.of("send", "--provider", "stripe", "--secret", SECRET, "--id", "evt_pg_shared", a.url());
            Run toB = Run.of("send", "--provider", "stripe", "--secret", SECRET, "--id", "evt_pg_shared", b.url());
            Run otherToB = Run.of("send", "--provider", "stripe", "--secret", SECRET, "--id", "evt_pg_other", b.url());
            List<String> linesA = a.stopAndReadLines();
            List<String> linesB = b.stopAndReadLines();

            assertThat(List.of(toA.exitCode(), toB.exitCode(), otherToB.exitCode())).containsOnly(0);
            assertThat(linesA).singleElement().asString().contains("\"outcome\":\"handled\"").contains("evt_pg_shared");
            assertThat(linesB).hasSize(2);
            assertThat(linesB.get(0)).contains("\"outcome\":\"duplicate\"").contains("evt_pg_shared");
            assertThat(linesB.get(1)).contains("\"outcome\":\"handled\"").contains("evt_pg_other");
        }
    }
}
