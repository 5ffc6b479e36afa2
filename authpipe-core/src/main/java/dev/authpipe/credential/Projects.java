package dev.authpipe.credential;

import dev.authpipe.vault.Secret;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Creates projects and recognises their secret keys. */
public final class Projects {
    private final ProjectStore store;
    private final Clock clock;

    public Projects(ProjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A new project and its secret key, which exists in plaintext only in this return value. */
    public record Created(Project project, Secret secretKey) {}

    /** Creates a project; {@code allowedOrigins} must already be normalised origins. */
    public Created create(String name, List<String> allowedOrigins) {
        Project project = new Project(Ids.newId("prj"), name, allowedOrigins, clock.instant());
        String key = SecretKeys.generate();
        store.create(project, SecretKeys.hash(key), SecretKeys.displayPrefix(key));
        return new Created(project, Secret.of(key));
    }

    /** The project a presented secret key belongs to. */
    public Optional<Project> authenticate(String presentedKey) {
        if (presentedKey == null || !presentedKey.startsWith(SecretKeys.PREFIX) || presentedKey.length() > 200) {
            return Optional.empty();
        }
        return store.findBySecretKeyHash(SecretKeys.hash(presentedKey));
    }
}
