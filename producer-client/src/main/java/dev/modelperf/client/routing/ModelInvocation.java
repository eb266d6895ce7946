package dev.modelperf.client.routing;

/** Calls one model for the router: returns its reply, or throws what the LLM client threw. */
@FunctionalInterface
public interface ModelInvocation<T> {

    Reply<T> call(String model) throws Exception;
}
