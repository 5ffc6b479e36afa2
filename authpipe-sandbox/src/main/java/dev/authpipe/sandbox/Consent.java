package dev.authpipe.sandbox;

import java.util.Arrays;
import java.util.List;

/**
 * A consent decided in advance, so authorization redirects at once instead of showing the page.
 *
 * <p>{@code accountIds} empty means "every account this person may grant for the request": their
 * accounts narrowed by the requested {@code scope}, and only the first one for a single-account
 * client (harvest.md §1.2). Explicit ids are granted as given, first one only for a single-account
 * client.
 */
public record Consent(long personId, List<Long> accountIds) {
    public Consent {
        accountIds = List.copyOf(accountIds);
    }

    public static Consent of(long personId, long... accountIds) {
        return new Consent(personId, Arrays.stream(accountIds).boxed().toList());
    }
}
