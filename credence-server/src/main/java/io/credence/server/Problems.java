package io.credence.server;

import io.credence.CredenceException;
import io.credence.Problem;
import io.credence.codec.Json;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one mapper from failures to RFC 9457 problem+json. Types are stable URNs
 * ({@code urn:credence:problem:event-rejected}); {@code problems} lists every broken rule with its
 * path; nothing else of an exception, and never a stack trace, reaches the client.
 */
final class Problems {
    static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {}

    static void write(Context ctx, Exception e) {
        // A failure of an answer that waited (ctx.future) arrives wrapped.
        if (e instanceof java.util.concurrent.CompletionException && e.getCause() instanceof Exception cause) {
            write(ctx, cause);
            return;
        }
        if (e instanceof ApiProblem p) {
            if (p.retryAfterSeconds != null) {
                ctx.header("Retry-After", Long.toString(p.retryAfterSeconds));
            }
            List<Problem> problems = p.field == null ? List.of() : List.of(new Problem(p.field, p.fieldMessage));
            send(ctx, p.status, p.type, title(p.status), p.getMessage(), problems);
        } else if (e instanceof CredenceException c) {
            int status = switch (c.code()) {
                case EVENT_REJECTED, RULEBOOK_REJECTED, UNKNOWN_DOMAIN -> 422;
                case EVENT_CONFLICT, INVALID_STATE, NO_RULEBOOK -> 409;
                case NOT_FOUND -> 404;
                case STORE_UNAVAILABLE -> 503;
                case BAD_INPUT -> 400;
            };
            if (status >= 500) {
                // Failures of the server's own (5xx) are logged for its operator; the caller gets the problem only.
                CredenceServer.LOG.warn("{} {}: {}", ctx.method(), ctx.path(), c.getMessage());
            }
            send(ctx, status, c.code().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), title(status),
                    c.getMessage(), c.problems());
        } else {
            CredenceServer.LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            send(ctx, 500, "internal", title(500), "the server failed to handle this request; it has been logged",
                    List.of());
        }
    }

    static void send(Context ctx, int status, String type, String title, String detail, List<Problem> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:credence:problem:" + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (!problems.isEmpty()) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Problem p : problems) {
                list.add(Map.of("path", p.path(), "message", p.message()));
            }
            body.put("problems", list);
        }
        ctx.status(status).contentType(CONTENT_TYPE).result(Json.write(body));
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 413 -> "Content too large";
            case 415 -> "Unsupported media type";
            case 422 -> "Unprocessable content";
            case 429 -> "Too many requests";
            case 503 -> "Service unavailable";
            default -> "Server error";
        };
    }
}
