package io.credence.server;

/**
 * An HTTP-level refusal (401, 403, 404, 413, 415, 429) with its problem type and a sentence. The
 * domain's own failures are {@link io.credence.CredenceException}s and are mapped in one place,
 * {@link Problems}.
 */
final class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String type;
    final String field;
    final transient Long retryAfterSeconds;
    final String fieldMessage;

    ApiProblem(int status, String type, String detail) {
        this(status, type, detail, null, null);
    }

    ApiProblem(int status, String type, String detail, String field, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
        this.fieldMessage = field != null && detail.startsWith(field + ": ") ? detail.substring(field.length() + 2)
                : detail;
    }

    static ApiProblem unauthorized() {
        return new ApiProblem(401, "unauthorized", "send a valid key as Authorization: Bearer KEY");
    }

    static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "forbidden", detail);
    }

    static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", detail);
    }

    static ApiProblem badRequest(String field, String detail) {
        return new ApiProblem(400, "bad-request", field + ": " + detail, field, null);
    }
}
