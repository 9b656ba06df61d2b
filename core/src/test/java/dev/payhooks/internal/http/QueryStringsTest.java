package dev.payhooks.internal.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QueryStringsTest {

    @Test
    void splitsAndDecodesPairsInArrivalOrder() {
        Map<String, List<String>> parameters = QueryStrings.parse("merchant=m_42&profile=gp%207&profile=gp+8&flag&=v&e=");

        assertThat(parameters).containsExactly(
                Map.entry("merchant", List.of("m_42")),
                Map.entry("profile", List.of("gp 7", "gp 8")),
                Map.entry("flag", List.of("")),
                Map.entry("", List.of("v")),
                Map.entry("e", List.of("")));
    }

    @Test
    void keepsMalformedEscapesAsSentInsteadOfFailing() {
        assertThat(QueryStrings.parse("x=%zz&y=%E0%A4&z=100%")).containsExactly(
                Map.entry("x", List.of("%zz")),
                Map.entry("y", List.of("\uFFFD")),
                Map.entry("z", List.of("100%")));
    }

    @Test
    void decodesUtf8AndKeepsEqualsSignsInValues() {
        assertThat(QueryStrings.parse("name=%E0%B9%84%E0%B8%97%E0%B8%A2&sig=a%3Db=c"))
                .containsEntry("name", List.of("\u0E44\u0E17\u0E22"))
                .containsEntry("sig", List.of("a=b=c"));
    }

    @Test
    void readsNothingFromAnAbsentOrEmptyQuery() {
        assertThat(QueryStrings.parse(null)).isEmpty();
        assertThat(QueryStrings.parse("")).isEmpty();
        assertThat(QueryStrings.parse("&&")).isEmpty();
    }
}
