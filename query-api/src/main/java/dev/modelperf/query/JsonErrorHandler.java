package dev.modelperf.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The web server's own error answers (a URI or headers too large, an ambiguous path, a request
 * that never reaches the API's routes) in the documented {@link ApiError} JSON instead of Jetty's
 * HTML page, so that a client parses every error alike.
 */
final class JsonErrorHandler extends ErrorHandler {

    private final ObjectMapper mapper;

    JsonErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        String reason = HttpStatus.getMessage(code);
        ApiError error = new ApiError(code, code == 404 ? "not_found" : "http_" + code, null,
                message == null || message.isBlank() ? reason : reason + ": " + message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(mapper.writeValueAsString(error).getBytes(StandardCharsets.UTF_8)), callback);
    }
}
