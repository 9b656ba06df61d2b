package dev.payhooks.spring.boot.tests;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real SpringApplication that cannot start reports the payhooks problem in Boot's failure report. */
@ExtendWith(OutputCaptureExtension.class)
class FailureReportTest {

    @Test
    void anEndpointWithoutSecretsIsReportedWithTheActionAndWithoutAStackTraceToReadThrough(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Minimal.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatThrownBy(() -> application.run(
                "--payhooks.endpoints.stripe.provider=stripe",
                "--payhooks.endpoints.stripe.path=/webhooks/stripe",
                "--spring.main.banner-mode=off",
                "--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                        + "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"))
                .isInstanceOf(dev.payhooks.spring.boot.PayhooksConfigurationException.class);

        assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
                .contains("payhooks.endpoints.stripe has no secrets")
                .contains("Change the payhooks.* property");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Minimal {
    }

}
