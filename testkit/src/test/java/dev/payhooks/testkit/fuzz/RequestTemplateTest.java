package dev.payhooks.testkit.fuzz;

import dev.payhooks.WebhookRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTemplateTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsHeaderLinesThenTheBodyAfterTheFirstEmptyLine() {
        RequestTemplate template = RequestTemplate.parse(bytes("Stripe-Signature: t={now},v1={sig}\nX-Raw:no-space\n\n{\"a\":1}\n\nrest"));

        assertThat(template.preamble()).isEmpty();
        assertThat(template.headers()).containsExactly(new RequestTemplate.Header("Stripe-Signature", "t={now},v1={sig}"),
                new RequestTemplate.Header("X-Raw", "no-space"));
        assertThat(template.body()).isEqualTo(bytes("{\"a\":1}\n\nrest"));
    }

    @Test
    void dropsOnlyOneSpaceAfterTheColonAndKeepsLaterColons() {
        RequestTemplate template = RequestTemplate.parse(bytes("A:  two spaces\nB: x:y\n\n"));

        assertThat(template.headers()).extracting(RequestTemplate.Header::value).containsExactly(" two spaces", "x:y");
    }

    @Test
    void skipsLinesWithoutANameAndNeverFails() {
        RequestTemplate template = RequestTemplate.parse(bytes("no colon\n: no name\nOk: 1"));

        assertThat(template.headers()).containsExactly(new RequestTemplate.Header("Ok", "1"));
        assertThat(template.body()).isEmpty();
        for (String input : List.of("", "\n", "\n\n", "\n\n\n", ":", "\u0000\n\n\u00ff")) {
            assertThat(RequestTemplate.parse(bytes(input)).headers()).as(input).isEmpty();
        }
    }

    @Test
    void keepsAtMostSixtyFourHeaders() {
        String head = "H: v\n".repeat(100);

        assertThat(RequestTemplate.parse(bytes(head + "\nbody")).headers()).hasSize(RequestTemplate.MAX_HEADERS);
    }

    @Test
    void keepsTheBodyBytesExactlyEvenWhenTheyAreNotUtf8() {
        byte[] input = {'A', ':', ' ', 'b', '\n', '\n', (byte) 0xff, (byte) 0xfe, 0, '\r', '\n'};

        assertThat(RequestTemplate.parse(input).body()).containsExactly((byte) 0xff, (byte) 0xfe, 0, '\r', '\n');
    }

    @Test
    void theFirstLineIsThePreambleOnlyWhenTheTargetSaysSo() {
        byte[] input = bytes("#github\nX-Hub-Signature-256: sha256={sig}\n\n{}");

        RequestTemplate preset = RequestTemplate.parse(input, line -> line.startsWith("#"));
        assertThat(preset.preamble()).hasValue("#github");
        assertThat(preset.headers()).hasSize(1);

        RequestTemplate plain = RequestTemplate.parse(bytes("X-A: 1\n\n{}"), line -> line.startsWith("#"));
        assertThat(plain.preamble()).isEmpty();
        assertThat(plain.headers()).hasSize(1);

        RequestTemplate requestLine = RequestTemplate.parse(bytes("POST http://h:80/x\nA: 1\n\n"), line -> true);
        assertThat(requestLine.preamble()).hasValue("POST http://h:80/x");
        assertThat(requestLine.headers()).containsExactly(new RequestTemplate.Header("A", "1"));

        assertThat(RequestTemplate.parse(bytes("\n"), line -> true).preamble()).hasValue("");
    }

    @Test
    void firstPrefersTheEarlierNameWhereverItsHeaderIs() {
        RequestTemplate template = RequestTemplate.parse(bytes("svix-id: s\nWEBHOOK-ID: w\nwebhook-id: w2\n\n"));

        assertThat(template.first("webhook-id", "svix-id")).hasValue("w");
        assertThat(template.first("svix-id")).hasValue("s");
        assertThat(template.first("missing")).isEmpty();
    }

    @Test
    void fillsInPlaceholdersInTwoStepsAndBuildsTheRequest() {
        RequestTemplate template = RequestTemplate.parse(bytes("T: {now}\nS: v1={sig},v1={forged}\nS: {other}\n\nbody"))
                .resolve(Placeholders.none().with("now", "1700000000"));

        assertThat(template.first("t")).hasValue("1700000000");
        assertThat(template.uses("forged")).isTrue();
        assertThat(template.uses("ed")).isFalse();
        WebhookRequest request = template.request(Placeholders.none().with("sig", "aa").with("forged", "bb")).build();

        assertThat(request.headers("T")).containsExactly("1700000000");
        assertThat(request.headers("s")).containsExactly("v1=aa,v1=bb", "{other}");
        assertThat(request.body()).isEqualTo(bytes("body"));
    }

    @Test
    void theBodyCannotBeChangedFromOutside() {
        RequestTemplate template = RequestTemplate.parse(bytes("\n\nbody"));

        template.body()[0] = 'X';

        assertThat(template.body()).isEqualTo(bytes("body"));
        assertThat(template).hasToString("RequestTemplate[headers=[], body=4 bytes]");
    }
}
