package dev.authpipe.credential;

import java.util.List;
import java.util.Optional;

/** Persistence of integrations, one per (project, provider). */
public interface IntegrationStore {
    /** Inserts or replaces; returns what is stored (keeping the original creation time). */
    Integration upsert(Integration integration);

    Optional<Integration> find(String projectId, String provider);

    List<Integration> list(String projectId);

    boolean delete(String projectId, String provider);
}
