package dev.modelperf.query.dashboard;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;
import java.util.Set;

/**
 * The web dashboard: static files in the server jar, served at {@code /}, and the charting library
 * from its WebJar at {@code /webjars/}. The page reads the public API only, with the key its user
 * gives it, so the files themselves hold nothing to protect and answer anyone.
 */
public final class DashboardAssets {

    /** Where the files are on the class path. */
    static final String CLASSPATH_DIRECTORY = "/dashboard";
    private static final Set<String> PAGES = Set.of("/", "/index.html", "/favicon.svg");
    private static final String ASSETS_PREFIX = "/assets/";
    private static final String WEBJARS_PREFIX = "/webjars/";

    private DashboardAssets() {
    }

    public static void serve(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = CLASSPATH_DIRECTORY;
            files.location = Location.CLASSPATH;
            // The page and its modules change with each release; the browser revalidates them (ETag) rather than guess.
            files.headers = Map.of("Cache-Control", "no-cache");
        });
        config.staticFiles.enableWebjars();
    }

    /** Whether {@code path} is one of the dashboard's files, which access control leaves open. */
    public static boolean isAsset(String path) {
        return PAGES.contains(path) || path.startsWith(ASSETS_PREFIX) || path.startsWith(WEBJARS_PREFIX);
    }
}
