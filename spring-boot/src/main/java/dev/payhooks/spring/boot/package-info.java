/**
 * What a Spring Boot application touches: {@link dev.payhooks.spring.boot.WebhookHandler} on
 * handler methods, the {@code payhooks.*} properties ({@link dev.payhooks.spring.boot.PayhooksProperties}),
 * and the beans that customize an endpoint ({@link dev.payhooks.spring.boot.WebhookReceiverCustomizer},
 * {@link dev.payhooks.spring.boot.WebhookEventFilter}, {@link dev.payhooks.spring.boot.TenantSecretLookup}).
 *
 * @since 0.1.0
 */
package dev.payhooks.spring.boot;
