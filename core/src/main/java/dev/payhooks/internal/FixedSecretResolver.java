package dev.payhooks.internal;

import dev.payhooks.ResolvedSecrets;
import dev.payhooks.SecretResolver;
import dev.payhooks.WebhookRequest;
import dev.payhooks.WebhookSecret;

import java.util.List;
import java.util.Objects;

/** A resolver whose answer never changes: {@link SecretResolver#of(String...)}. Immutable. */
public final class FixedSecretResolver implements SecretResolver {
    private final ResolvedSecrets resolved;

    /**
     * A resolver that always answers the same secrets.
     *
     * @param resolved the secrets
     */
    public FixedSecretResolver(ResolvedSecrets resolved) {
        this.resolved = Objects.requireNonNull(resolved, "resolved");
    }

    @Override
    public ResolvedSecrets resolve(WebhookRequest request) {
        return resolved;
    }

    @Override
    public List<WebhookSecret> fixedSecrets() {
        return resolved.all();
    }

    @Override
    public String toString() {
        return "SecretResolver[" + resolved.all().size() + " fixed secrets]";
    }
}
