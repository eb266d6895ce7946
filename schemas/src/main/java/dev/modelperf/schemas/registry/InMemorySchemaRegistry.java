package dev.modelperf.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A registry held in memory with Confluent's semantics: one global id per distinct schema,
 * versions per subject, compatibility enforced on registration. Backs the embedded registry
 * endpoint of the local stack and unit tests.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> versionsBySubject = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new ConcurrentHashMap<>();
    private volatile CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<RegisteredSchema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        for (RegisteredSchema existing : versions) {
            if (existing.schema().equals(schema)) {
                return existing.id();
            }
        }
        if (!compatibility(subject).allows(schema, schemasOf(versions))) {
            throw new SchemaRegistryException(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\" at compatibility level " + compatibility(subject));
        }
        int id = idsBySchema.computeIfAbsent(schema, s -> {
            int next = schemasById.size() + 1;
            schemasById.put(next, s);
            return next;
        });
        versions.add(new RegisteredSchema(subject, id, versions.size() + 1, schema));
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<RegisteredSchema> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw subjectNotFound(subject);
        }
        return versions.get(versions.size() - 1);
    }

    /** Every version of {@code subject}, oldest first. */
    public synchronized List<RegisteredSchema> versions(String subject) {
        List<RegisteredSchema> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw subjectNotFound(subject);
        }
        return List.copyOf(versions);
    }

    /** Every subject with at least one version. */
    public synchronized List<String> subjects() {
        return versionsBySubject.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(Map.Entry::getKey).sorted().toList();
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        List<RegisteredSchema> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw subjectNotFound(subject);
        }
        return compatibility(subject).allows(schema, schemasOf(versions));
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        if (subject == null) {
            return globalLevel;
        }
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    /** The level set on {@code subject} itself, or null when it inherits the global level. */
    public CompatibilityLevel subjectCompatibility(String subject) {
        return subjectLevels.get(subject);
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        if (subject == null) {
            globalLevel = level;
        } else {
            subjectLevels.put(subject, level);
        }
    }

    private static List<Schema> schemasOf(List<RegisteredSchema> versions) {
        return versions.stream().map(RegisteredSchema::schema).toList();
    }

    private static SchemaRegistryException subjectNotFound(String subject) {
        return new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }
}
