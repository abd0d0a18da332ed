package dev.meshrooms.lite.http;

/** Errors of the web pages, as a page (the API answers JSON). */
final class ErrorPage {
    private ErrorPage() {
    }

    static String render(int status, String title, String details) {
        String hint = status == 401 || status == 403
                ? "<p>If you are a member, open the link with your token once: <code>/room/&lt;slug&gt;?token=…</code></p>" : "";
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.escape(title) + " · Mesh-Lite</title>"
                + "<style>body{font:16px/1.5 system-ui,sans-serif;background:#f3f4f7;color:#1d2230;display:flex;"
                + "justify-content:center;padding-top:12vh}main{background:#fff;border-radius:14px;padding:28px 36px;"
                + "max-width:560px;box-shadow:0 2px 12px rgba(0,0,0,.08)}h1{margin:0 0 8px;font-size:22px}"
                + ".status{color:#7a8094;font-size:13px}code{background:#eef0f5;padding:1px 5px;border-radius:4px}</style>"
                + "</head><body><main><div class=\"status\">" + status + "</div><h1>" + Html.escape(title) + "</h1><p>"
                + Html.escape(details) + "</p>" + hint + "<p><a href=\"/rooms\">All public rooms</a></p></main></body></html>";
    }
}
