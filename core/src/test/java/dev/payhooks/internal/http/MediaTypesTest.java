package dev.payhooks.internal.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MediaTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON;CHARSET=UTF-8",
            " application/json ", "application/cloudevents+json", "application/vnd.stripe.event+json; version=2"})
    void acceptsJsonAndJsonSuffixedTypesByDefault(String contentType) {
        assertThat(MediaTypes.JSON.accepts(contentType)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/jsonp", "application/x-json", "text/json", "application/+json",
            "application/json+xml", "json", "application/", "/json", "", ";charset=utf-8", "application/js on"})
    void refusesEverythingElseByDefault(String contentType) {
        assertThat(MediaTypes.JSON.accepts(contentType)).isFalse();
    }

    @Test
    void refusesAMissingContentTypeUnlessAnyIsAccepted() {
        assertThat(MediaTypes.JSON.accepts(null)).isFalse();
        assertThat(MediaTypes.ANY.accepts(null)).isTrue();
        assertThat(MediaTypes.ANY.accepts("text/plain")).isTrue();
    }

    @Test
    void matchesConfiguredTypesAndRanges() {
        MediaTypes types = MediaTypes.of(List.of("application/x-www-form-urlencoded", "text/*"));

        assertThat(types.accepts("application/x-www-form-urlencoded; charset=utf-8")).isTrue();
        assertThat(types.accepts("text/plain")).isTrue();
        assertThat(types.accepts("application/json")).isFalse();
        assertThat(MediaTypes.of(List.of("Application/JSON")).accepts("application/json")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8", "json", "application/", "*/json", "application/a*b",
            "application/json/x", "app lication/json", ""})
    void refusesAConfigurationThatIsNotAMediaTypeOrRange(String pattern) {
        assertThatThrownBy(() -> MediaTypes.of(List.of(pattern)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("application/json");
    }

    @Test
    void refusesAnEmptyConfiguration() {
        assertThatThrownBy(() -> MediaTypes.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acceptAnyContentType()");
    }
}
