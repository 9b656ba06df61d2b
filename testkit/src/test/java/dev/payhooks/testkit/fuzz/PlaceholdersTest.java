package dev.payhooks.testkit.fuzz;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PlaceholdersTest {

    @Test
    void replacesEveryOccurrenceAndLeavesUnknownNamesAlone() {
        Placeholders values = Placeholders.none().with("now", "1700000000").with("sig", "ab");

        assertThat(values.apply("t={now},v1={sig},v1={sig},v0={other}")).isEqualTo("t=1700000000,v1=ab,v1=ab,v0={other}");
        assertThat(values.apply("{{sig}}")).isEqualTo("{ab}");
        assertThat(values.apply("{sig")).isEqualTo("{sig");
        assertThat(values.apply("no braces")).isEqualTo("no braces");
        assertThat(Placeholders.none().apply("{sig}")).isEqualTo("{sig}");
    }

    @Test
    void aValueIsNeverSearchedForPlaceholdersAgain() {
        Placeholders values = Placeholders.none().with("a", "{b}").with("b", "x");

        assertThat(values.apply("{a}{b}")).isEqualTo("{b}x");
    }

    @Test
    void signatureGivesTheCorrectValueAndItsNearMisses() {
        Placeholders values = Placeholders.signature("abcdef12", "00");

        assertThat(values.apply("{sig}|{SIG}|{sig-truncated}|{sig-extended}")).isEqualTo("abcdef12|ABCDEF12|abcd|abcdef1200");
    }

    @Test
    void aLazyValueIsComputedOnlyWhenUsedAndOnlyOnce() {
        AtomicInteger calls = new AtomicInteger();
        Placeholders values = Placeholders.none().withLazy("ed", () -> "sig" + calls.incrementAndGet());

        assertThat(values.apply("{sig} {forged}")).isEqualTo("{sig} {forged}");
        assertThat(calls).hasValue(0);
        assertThat(values.apply("{ed} {ed}")).isEqualTo("sig1 sig1");
        assertThat(values.apply("{ed}")).isEqualTo("sig1");
        assertThat(calls).hasValue(1);
    }

    @Test
    void withLeavesTheOriginalUnchanged() {
        Placeholders base = Placeholders.none().with("now", "1");
        Placeholders more = base.with("now", "2").with("sig", "s");

        assertThat(base.apply("{now}{sig}")).isEqualTo("1{sig}");
        assertThat(more.apply("{now}{sig}")).isEqualTo("2s");
        assertThat(more).hasToString("Placeholders[now, sig]");
    }

    @Test
    void refusesNamesThatCouldNeverMatch() {
        assertThatIllegalArgumentException().isThrownBy(() -> Placeholders.none().with("", "x"))
                .withMessageContaining("non-empty text between '{' and '}'");
        assertThatIllegalArgumentException().isThrownBy(() -> Placeholders.none().with("{sig}", "x"));
    }
}
