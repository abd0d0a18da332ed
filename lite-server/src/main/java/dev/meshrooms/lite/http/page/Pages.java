package dev.meshrooms.lite.http.page;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Renders the pages' templates ({@code src/main/jte}, compiled to Java at build time: no compiler at run time). jte
 * escapes every value for its place in the HTML; the pages' CSS and JavaScript are files under {@code /static}.
 */
public final class Pages {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    /** Renders {@code template} with its one parameter into {@code ctx} as {@code text/html; charset=utf-8}. */
    public void render(Context ctx, String template, Object param) {
        StringOutput out = new StringOutput();
        engine.render(template, param, out);
        html(ctx, out.toString());
    }

    /** Renders {@code template} with named parameters. */
    public void render(Context ctx, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        engine.render(template, params, out);
        html(ctx, out.toString());
    }

    private static void html(Context ctx, String html) {
        ctx.contentType("text/html; charset=utf-8").result(html);
    }
}
