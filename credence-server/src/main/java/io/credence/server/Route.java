package io.credence.server;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Set;

/**
 * One route of the API: method, path (Javalin syntax, {@code {id}} for parameters), who may call it,
 * and a one-line summary. The server registers, guards and documents (OpenAPI) every route from this
 * one table, and the role-matrix test is generated from it. Immutable.
 */
record Route(HandlerType method, String path, Set<Access> access, String summary, Handler handler) {
    Route {
        access = Set.copyOf(access);
    }

    boolean isPublic() {
        return access.contains(Access.PUBLIC);
    }

    boolean subjectScoped() {
        return path.contains("{id}") && path.startsWith("/v1/subjects/");
    }
}
