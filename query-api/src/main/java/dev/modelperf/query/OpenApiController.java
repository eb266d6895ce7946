package dev.modelperf.query;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the API's OpenAPI document, kept by hand in the resource
 * {@value #RESOURCE} and served as its bytes, so that what clients read is exactly the reviewed file.
 */
public final class OpenApiController {

    public static final String RESOURCE = "/openapi.json";

    private final byte[] document;

    public OpenApiController() {
        try (InputStream in = OpenApiController.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + RESOURCE + " is missing from the classpath");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void document(Context ctx) {
        ctx.contentType("application/json").result(document);
    }
}
