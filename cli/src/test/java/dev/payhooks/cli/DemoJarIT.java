package dev.payhooks.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The built {@code payhooks.jar}, run as a newcomer would: {@code java -jar cli/target/payhooks.jar demo}. */
class DemoJarIT {

    @Test
    void theShadedJarRunsTheDemoAndExitsZero() throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("payhooks.jar", "target/payhooks.jar"));
        assertThat(jar).exists();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");

        Process process = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "demo")
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("All 14 outcomes were the expected ones.")
                // Only warnings reach stderr; Jetty's and H2's start-up chatter does not.
                .doesNotContain("INFO").doesNotContain("SLF4J");
        assertThat(Files.size(jar)).isLessThan(30L << 20);
    }

    @Test
    void theShadedJarFindsTheProvidersOfEveryModuleByName() throws IOException, InterruptedException {
        // Each provider module registers its providers in META-INF/services; the shaded jar must merge them.
        Path jar = Path.of(System.getProperty("payhooks.jar", "target/payhooks.jar"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");

        Process process = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "sign", "--provider", "nope",
                "--secret", "s", "--body-file", "-")
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("use one of github, omise, paddle, shopify, slack, standard-webhooks, stripe, yoco");
    }
}
