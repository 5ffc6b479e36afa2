package dev.authpipe.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The registered OAuth clients, looked up by id; registering an id again replaces it. */
final class Clients {
    private final Map<String, OAuthClient> byId = new ConcurrentHashMap<>();

    Clients(List<OAuthClient> initial) {
        initial.forEach(this::register);
    }

    void register(OAuthClient client) {
        byId.put(client.clientId(), client);
    }

    Optional<OAuthClient> find(String clientId) {
        return clientId == null ? Optional.empty() : Optional.ofNullable(byId.get(clientId));
    }

    /** The client, if the id is known and the secret matches (compared in constant time). */
    Optional<OAuthClient> authenticate(String clientId, String clientSecret) {
        return find(clientId)
                .filter(client -> clientSecret != null
                        && MessageDigest.isEqual(client.clientSecret().getBytes(UTF_8), clientSecret.getBytes(UTF_8)));
    }
}
