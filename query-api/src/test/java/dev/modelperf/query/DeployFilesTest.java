package dev.modelperf.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files parse and hold what they must, so that a typo fails the build rather than
 * a {@code docker compose up} or a rollout: every YAML and JSON file under {@code deploy/} and
 * {@code docker-compose.yml} parses; compose has its services with an image or a build and the
 * server's health check; the Kubernetes objects have their kind and apiVersion, the StatefulSet
 * its probes, volume claim and headless service; every file the compose file mounts exists.
 * That the dashboard's and alert rules' metrics are exported is checked against a real scrape in
 * {@link MetricsIT}.
 */
class DeployFilesTest {

    private static final Path ROOT = Path.of("..");
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final Pattern METRIC = Pattern.compile("\\b(?:modelperf|kafka|jvm|http_server|process)_[a-z0-9_]+\\b");

    /** The metric names in the PromQL of a dashboard or rules file. */
    static Set<String> metricNames(String text) {
        Set<String> names = new TreeSet<>();
        METRIC.matcher(text).results().forEach(r -> names.add(r.group()));
        return names;
    }

    @Test
    void everyYamlAndJsonFileParses() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            files = walk.filter(Files::isRegularFile).filter(f -> f.toString().matches(".*\\.(ya?ml|json)")).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        for (Path file : files) {
            if (file.toString().endsWith(".json")) {
                new ObjectMapper().readTree(file.toFile());
            } else {
                assertThat(yamlDocuments(file)).as(file.toString()).isNotEmpty().doesNotContainNull();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeHasEveryServiceWithAnImageOrABuild() throws IOException {
        Map<String, Object> compose = (Map<String, Object>) yamlDocuments(ROOT.resolve("docker-compose.yml")).get(0);
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("kafka", "registry", "modelperf-1", "modelperf-2", "load", "prometheus", "grafana");
        services.forEach((name, service) ->
                assertThat(service.containsKey("image") || service.containsKey("build")).as(name + " has an image or a build").isTrue());
        assertThat((String) services.get("kafka").get("image")).startsWith("apache/kafka:");
        assertThat((List<String>) services.get("load").get("profiles")).containsExactly("load");
        for (String instance : List.of("modelperf-1", "modelperf-2")) {
            Map<String, Object> environment = (Map<String, Object>) services.get(instance).get("environment");
            assertThat(environment).as(instance).containsEntry("KAFKA_APPLICATION_SERVER", instance + ":8080")
                    .containsKeys("KAFKA_BOOTSTRAP_SERVERS", "MODELPERF_REGISTRY_URL");
        }
        for (Map<String, Object> service : services.values()) {
            for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(ROOT.resolve(source)).as("mounted " + source).exists();
                }
            }
        }
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).contains("USER 10001", "HEALTHCHECK", "/readyz", "MaxRAMPercentage",
                "query-api/target/modelperf-server.jar", "query-api/target/lib/");
    }

    /** The image's build stage runs the reactor: every module of the parent pom must be copied into it. */
    @Test
    void theImageBuildCopiesEveryModule() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        String modules = pom.substring(pom.indexOf("<modules>"), pom.indexOf("</modules>"));
        java.util.regex.Matcher module = java.util.regex.Pattern.compile("<module>([^<]+)</module>").matcher(modules);
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        int found = 0;
        while (module.find()) {
            found++;
            String name = module.group(1);
            assertThat(dockerfile).as("Dockerfile copies module " + name)
                    .contains("COPY " + name + "/pom.xml " + name + "/", "COPY " + name + "/src " + name + "/src");
        }
        assertThat(found).as("modules of the parent pom").isGreaterThan(5);
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetesObjectsHaveTheirKindsProbesAndVolumes() throws IOException {
        Map<String, Map<String, Object>> byKind = new java.util.HashMap<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("kubernetes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (Object document : yamlDocuments(file)) {
                    Map<String, Object> object = (Map<String, Object>) document;
                    assertThat(object).as(file.toString()).containsKeys("apiVersion", "kind");
                    if (!object.get("kind").equals("Kustomization")) {
                        assertThat((Map<String, Object>) object.get("metadata")).as(file.toString()).containsKey("name");
                    }
                    byKind.merge(object.get("kind") + "/" + name(object), object, (a, b) -> {
                        throw new AssertionError("Two objects " + object.get("kind") + "/" + name(object));
                    });
                }
            }
        }
        assertThat(byKind).containsKeys("StatefulSet/modelperf", "Service/modelperf-headless", "Service/modelperf",
                "PodDisruptionBudget/modelperf", "ConfigMap/modelperf", "Kustomization/null");
        assertThat(byKind.get("StatefulSet/modelperf").get("apiVersion")).isEqualTo("apps/v1");
        assertThat(byKind.get("PodDisruptionBudget/modelperf").get("apiVersion")).isEqualTo("policy/v1");

        Map<String, Object> spec = (Map<String, Object>) byKind.get("StatefulSet/modelperf").get("spec");
        assertThat(spec.get("serviceName")).isEqualTo("modelperf-headless");
        assertThat((Map<String, Object>) ((Map<String, Object>) byKind.get("Service/modelperf-headless").get("spec")))
                .containsEntry("clusterIP", "None");
        List<Map<String, Object>> claims = (List<Map<String, Object>>) spec.get("volumeClaimTemplates");
        assertThat(claims).extracting(c -> ((Map<String, Object>) c.get("metadata")).get("name")).containsExactly("state");
        Map<String, Object> container = ((List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) spec
                .get("template")).get("spec")).get("containers")).get(0);
        assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/readyz");
        assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/healthz");
        assertThat(path(container, "resources", "requests", "memory")).isNotNull();
        assertThat(path(container, "resources", "limits", "memory")).isNotNull();
        assertThat((List<Map<String, Object>>) container.get("volumeMounts"))
                .anySatisfy(mount -> assertThat(mount).containsEntry("name", "state").containsEntry("mountPath", "/var/lib/modelperf"));
        assertThat((List<Map<String, Object>>) container.get("env")).anySatisfy(env -> assertThat(env)
                .containsEntry("name", "KAFKA_APPLICATION_SERVER").containsEntry("value", "$(POD_NAME).modelperf-headless:8080"));
    }

    @Test
    void theDashboardAndRulesNameMetricsAndThePrometheusConfigLoadsTheRules() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/dashboards/modelperf.json").toFile());
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText())));
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(8).allSatisfy(expr -> assertThat(metricNames(expr)).isNotEmpty());
        String rules = Files.readString(DEPLOY.resolve("prometheus/alerts.yml"));
        assertThat(rules).contains("ModelPerfConsumerLag", "ModelPerfDlqRate", "ModelPerfNoRankingsSnapshot", "ModelPerfInstanceNotReady");
        assertThat(Files.readString(DEPLOY.resolve("prometheus/prometheus.yml"))).contains("/etc/prometheus/alerts.yml",
                "modelperf-1:8080", "modelperf-2:8080");
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> map, String... keys) {
        Object current = map;
        for (String key : keys) {
            current = current == null ? null : ((Map<String, Object>) current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static String name(Map<String, Object> object) {
        Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
        return metadata == null ? null : (String) metadata.get("name");
    }

    private static List<Object> yamlDocuments(Path file) throws IOException {
        List<Object> documents = new ArrayList<>();
        new Yaml(new LoaderOptions()).loadAll(Files.readString(file)).forEach(documents::add);
        return documents;
    }
}
