package dev.authpipe.provider;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The validated set of providers, loaded once at start-up from {@code providers/index.txt} and the
 * YAML files it lists. An invalid file stops start-up with a message naming file and field.
 */
public final class ProviderCatalog {
    static final String INDEX = "providers/index.txt";

    private final Map<String, Provider> providers;

    private ProviderCatalog(Map<String, Provider> providers) {
        this.providers = providers;
    }

    /** Loads and validates the catalog shipped on the classpath. */
    public static ProviderCatalog load() {
        ClassLoader loader = ProviderCatalog.class.getClassLoader();
        Map<String, Provider> byId = new LinkedHashMap<>();
        for (String file : readIndex(loader)) {
            String resource = "providers/" + file;
            Provider provider = parse(resource, open(loader, resource));
            String expectedId = file.substring(0, file.length() - ".yaml".length());
            if (!provider.id().equals(expectedId)) {
                throw new CatalogException(resource + ": id '" + provider.id() + "' must match the file name");
            }
            byId.put(provider.id(), provider);
        }
        return new ProviderCatalog(Map.copyOf(byId));
    }

    /** Builds a catalog from already-parsed providers (tests, extra catalogs). Validates each. */
    public static ProviderCatalog of(Collection<Provider> providers) {
        Map<String, Provider> byId = new LinkedHashMap<>();
        for (Provider p : providers) {
            CatalogValidator.validate(p.id(), p);
            byId.put(p.id(), p);
        }
        return new ProviderCatalog(Map.copyOf(byId));
    }

    /** Parses and validates one provider document; {@code source} names it in errors. */
    public static Provider parse(String source, InputStream yaml) {
        Provider provider;
        try (yaml) {
            provider = yamlMapper().readValue(yaml, Provider.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            throw new CatalogException(
                    source + ": " + (field.isEmpty() ? "" : field + ": ") + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new CatalogException(source + ": " + firstLine(e.getMessage()), e);
        }
        if (provider == null) {
            throw new CatalogException(source + ": empty document");
        }
        CatalogValidator.validate(source, provider);
        return provider;
    }

    public Optional<Provider> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(providers.get(id));
    }

    public List<Provider> all() {
        return providers.values().stream()
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
    }

    private static List<String> readIndex(ClassLoader loader) {
        List<String> files = new ArrayList<>();
        try (InputStream in = open(loader, INDEX)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList()) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    if (!trimmed.matches("[a-z0-9-]+\\.yaml")) {
                        throw new CatalogException(INDEX + ": '" + trimmed + "' is not a provider file name");
                    }
                    files.add(trimmed);
                }
            }
        } catch (IOException e) {
            throw new CatalogException(INDEX + ": unreadable", e);
        }
        return files;
    }

    private static InputStream open(ClassLoader loader, String resource) {
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) {
            throw new CatalogException(resource + ": not found on the classpath");
        }
        return in;
    }

    private static ObjectMapper yamlMapper() {
        return JsonMapper.builder(new YAMLFactory())
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .build();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
