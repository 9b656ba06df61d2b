package dev.payhooks.jaxrs;

import dev.payhooks.testing.HttpAdapterContract;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared suite, plus what only Jakarta REST offers: the verified event as an entity parameter. */
abstract class JaxrsAdapterContract extends HttpAdapterContract {

    @Test
    void passesTheVerifiedEventToAResourceMethodAsItsEntityParameter() throws Exception {
        String id = newId();

        HttpResponse<String> response = send("/pass/event", event(id, "pass.entity", "{}"), "application/json");

        assertThat(response.statusCode()).as(stack().name()).isEqualTo(202);
        assertThat(response.body()).isEqualTo(id + " pass.entity");
    }
}
