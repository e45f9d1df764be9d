package io.credence.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The web UI: one page ({@code index.html}) served at each of its paths, and its script and style
 * sheet, all read once from the jar. Nothing is fetched from outside the machine; the Content
 * Security Policy lets the page load only from this server and talk only to this server's API. The
 * API key lives in the browser's sessionStorage; the server never sees it except as the
 * {@code Authorization} header of API calls. Immutable after construction.
 */
final class WebUi {
    /** The paths that answer with the page; the script routes on {@code location.pathname}. */
    static final List<String> PAGES = List.of("/", "/me", "/review", "/console", "/check");
    static final String ASSETS = "/ui/";

    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; "
            + "base-uri 'none'";
    private static final Map<String, String> TYPES = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final byte[] page;
    private final Map<String, byte[]> assets;

    WebUi() {
        page = read("index.html");
        assets = Map.of("app.js", read("app.js"), "app.css", read("app.css"), "favicon.svg", read("favicon.svg"));
    }

    /** Every path this UI serves (all GET), with its handler, for the server to register. */
    Map<String, io.javalin.http.Handler> routes() {
        Map<String, io.javalin.http.Handler> out = new java.util.LinkedHashMap<>();
        for (String path : PAGES) {
            out.put(path, this::page);
        }
        for (String name : assets.keySet()) {
            out.put(ASSETS + name, ctx -> asset(ctx, name));
        }
        return out;
    }

    static boolean isUiPath(String path) {
        return PAGES.contains(path) || path.startsWith(ASSETS);
    }

    private void page(Context ctx) {
        headers(ctx);
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/html; charset=utf-8").result(page);
    }

    private void asset(Context ctx, String name) {
        headers(ctx);
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(TYPES.get(name)).result(assets.get(name));
    }

    private static void headers(Context ctx) {
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
    }

    private static byte[] read(String name) {
        try (InputStream in = WebUi.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks web/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
