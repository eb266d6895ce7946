package dev.modelperf.toolbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** One line saying why the API could not answer a command, in the API's own words when it gave them. */
final class ApiRefusal {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiRefusal() {
    }

    static String describe(String url, IOException e) {
        if (e instanceof ApiClient.ApiException refused) {
            if (refused.status() == 401) {
                return url + " wants an API key: give --api-key or set MODELPERF_API_KEY";
            }
            String message = message(refused.body());
            if (message != null) {
                return url + " refused the request (HTTP " + refused.status() + "): " + message;
            }
        }
        return "Cannot read " + url + ": " + e.getMessage();
    }

    /** The {@code message} of the API's JSON error body, or null when the body is something else. */
    private static String message(String body) {
        try {
            JsonNode error = JSON.readTree(body);
            return error != null && error.path("message").isTextual() ? error.get("message").asText() : null;
        } catch (IOException notJson) {
            return null;
        }
    }
}
