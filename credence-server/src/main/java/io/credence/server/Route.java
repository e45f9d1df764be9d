package io.credence.server;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Set;

/**
 * One route of the API: method, path (Javalin syntax, {@code {id}} for parameters), who may call it,
 * a one-line summary, and whether a subject key reaches only its own data there ({@code ownData}: any
 * other subject's gets 404). The server registers, guards and documents (OpenAPI) every route from this
 * one table, and the role-matrix test is generated from it. Immutable.
 */
record Route(HandlerType method, String path, Set<Access> access, String summary, Handler handler,
        boolean ownData) {
    Route {
        access = Set.copyOf(access);
    }

    Route(HandlerType method, String path, Set<Access> access, String summary, Handler handler) {
        this(method, path, access, summary, handler, path.startsWith("/v1/subjects/{id}"));
    }

    boolean isPublic() {
        return access.contains(Access.PUBLIC);
    }

    boolean subjectScoped() {
        return path.contains("{id}") && path.startsWith("/v1/subjects/");
    }
}
