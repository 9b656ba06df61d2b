package dev.payhooks.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoAndUsageTest {

    @Test
    void demoRunsTheScriptedSequenceOverHttpAndExitsZeroWhenEveryOutcomeIsExpected() {
        Run run = Run.of("demo");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("idempotency store on embedded H2")
                .contains("the same event again").contains("duplicate")
                .contains("NO_MATCHING_SIGNATURE").contains("TIMESTAMP_TOO_OLD").contains("UNKNOWN_TENANT")
                .contains("the handler fails").contains("the provider's retry")
                .contains("older refund.updated, late").contains("stale")
                .contains("All 14 outcomes were the expected ones.")
                .doesNotContain("NO (expected");
    }

    @Test
    void demoCanPrintOneJsonObjectPerDelivery() {
        Run run = Run.of("demo", "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(14).allMatch(line -> line.startsWith("{\"status\":"));
        assertThat(run.out()).contains("\"outcome\":\"stale\"").contains("\"outcome\":\"failed\"").contains("\"reason\":\"UNKNOWN_TENANT\"");
    }

    @Test
    void withoutACommandItPrintsTheUsageAndExitsTwo() {
        Run run = Run.of();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Name a command").contains("verify");
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Run run = Run.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("demo").contains("listen").contains("send").contains("sign").contains("verify")
                .contains("Exit codes:");
    }

    @Test
    void everyCommandHasHelpWithItsExitCodes() {
        for (String command : new String[] {"demo", "listen", "send", "sign", "verify"}) {
            Run run = Run.of(command, "--help");

            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out()).as(command).contains("Usage: payhooks " + command).contains("Exit codes:");
        }
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Run run = Run.of("sign", "--provider", "github", "--secret", "s", "--body-file", "-", "--frobnicate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void versionNamesTheBuild() {
        Run run = Run.of("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("payhooks 0.");
    }
}
