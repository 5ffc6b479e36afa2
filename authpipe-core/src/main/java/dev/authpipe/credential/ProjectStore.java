package dev.authpipe.credential;

import java.util.Optional;

/** Persistence of projects and their secret keys (hashes only). */
public interface ProjectStore {
    void create(Project project, String secretKeyHash, String secretKeyPrefix);

    Optional<Project> find(String projectId);

    /** The project whose un-revoked secret key hashes to {@code secretKeyHash}. */
    Optional<Project> findBySecretKeyHash(String secretKeyHash);
}
