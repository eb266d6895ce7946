package dev.modelperf.query.cluster;

import dev.modelperf.query.QueryParameters;
import io.javalin.http.Context;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Answers a read about one key on the instance that owns it: here when this instance owns the
 * key, else the owner's answer relayed as it came (status and body). A request already forwarded
 * is answered here or not at all, never forwarded on; while a rebalance leaves the owner unknown
 * or elsewhere, it is retried until the deadline.
 */
public final class KeyedReads {

    private final Instances instances;
    private final InstanceClient client;
    private final Retries retries;

    public KeyedReads(Instances instances, InstanceClient client, Retries retries) {
        this.instances = instances;
        this.client = client;
        this.retries = retries;
    }

    public void answer(Context ctx, String storeName, String partitionKey, Supplier<CompletableFuture<?>> local) {
        boolean forwarded = ctx.header(InstanceClient.FORWARDED_HEADER) != null;
        String query = ctx.queryString() == null ? "" : ctx.queryString();
        if (ctx.queryParam("tenant") == null) {
            // The tenant defaulted from the caller's key: the owner must read the same one.
            query = (query.isEmpty() ? "" : query + "&") + "tenant=" + QueryParameters.tenant(ctx);
        }
        String pathAndQuery = ctx.req().getRequestURI() + "?" + query;
        ctx.future(() -> retries.<Object>untilDeadline(() -> {
            Instances.Owner owner = instances.ownerOf(storeName, partitionKey);
            if (owner.unknown()) {
                throw new RetryableException("No instance owns this key yet (rebalance in progress)");
            }
            if (owner.isLocal()) {
                return local.get().thenApply(answer -> answer);
            }
            if (forwarded) {
                throw new RetryableException("Forwarded here, but " + owner.host() + " owns this key now");
            }
            return client.get(owner.host(), pathAndQuery).thenApply(response -> {
                if (response.statusCode() == 503) {
                    throw new RetryableException("The owner " + owner.host() + " cannot answer yet");
                }
                return response;
            });
        }).thenAccept(answer -> {
            if (answer instanceof HttpResponse<?> relayed) {
                ctx.status(relayed.statusCode()).contentType("application/json").result((byte[]) relayed.body());
            } else {
                ctx.json(answer);
            }
        }));
    }
}
