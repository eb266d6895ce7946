package dev.modelperf.query;

import io.javalin.http.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends an answer that may still be on its way. Most answers are ready at once (one instance, no
 * rebalance): those go out on the request thread, without the cost of an asynchronous dispatch;
 * the others (gathering from other instances, waiting out a rebalance) free the thread until done.
 */
public final class Answers {

    private Answers() {
    }

    public static void json(Context ctx, CompletableFuture<?> answer) {
        if (!answer.isDone()) {
            ctx.future(() -> answer.thenAccept(ctx::json));
            return;
        }
        try {
            ctx.json(answer.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
