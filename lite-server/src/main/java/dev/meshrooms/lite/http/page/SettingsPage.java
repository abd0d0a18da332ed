package dev.meshrooms.lite.http.page;

import dev.meshrooms.core.billing.ShardCostEstimate;
import dev.meshrooms.core.move.MoveStatus;
import dev.meshrooms.core.room.Room;
import dev.meshrooms.core.room.RoomSummary;
import dev.meshrooms.lite.http.Html;
import java.util.Locale;
import java.util.Optional;

/**
 * The room's settings page with the "Decentralise Room" panel: where the room lives, what its own shard would cost,
 * Start / Re-centralise, and a live progress bar fed by the status stream (the script below; no framework).
 */
final class SettingsPage {
    private SettingsPage() {
    }

    static String render(RoomSummary summary, ShardCostEstimate cost, Optional<MoveStatus> move) {
        Room room = summary.room();
        boolean running = move.map(m -> !m.finished()).orElse(false);
        boolean failed = move.map(m -> "failed".equals(m.state())).orElse(false);
        StringBuilder html = new StringBuilder(12_000);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Settings · ").append(Html.escape(room.name())).append(" · Mesh-Lite</title>")
                .append("<style>").append(RoomPage.CSS).append(CSS).append("</style></head><body>")
                .append("<header class=\"room-header\"><div class=\"wrap\"><div class=\"title\">")
                .append("<h1>").append(Html.escape(room.name())).append("</h1>")
                .append("<div class=\"meta\"><a class=\"back\" href=\"/room/").append(Html.escape(room.slug())).append("\">#")
                .append(Html.escape(room.slug())).append("</a> · settings</div></div>")
                .append("<div class=\"served\"><span class=\"dot\"></span>Mesh-Lite</div></div></header>")
                .append("<main class=\"wrap\"><section class=\"card\" id=\"decentralise\" data-room=\"").append(room.id())
                .append("\" data-sharded=\"").append(room.isSharded()).append("\" data-running=\"").append(running)
                .append("\" data-direction=\"").append(move.map(MoveStatus::direction).orElse("decentralise")).append("\">")
                .append("<div class=\"card-head\"><h2>Decentralise Room</h2><span class=\"badge ")
                .append(room.isSharded() ? "own\">Sovereign shard" : "shared\">Shared database").append("</span></div>")
                .append("<p class=\"lead\" data-testid=\"where\">");
        if (room.isSharded()) {
            html.append("This room lives in its own schema <code>").append(Html.escape(room.shardSchema()))
                    .append("</code> with its own role, and its media in the bucket <code>")
                    .append(Html.escape(room.mediaBucket() == null ? "(shared)" : room.mediaBucket())).append("</code>.");
        } else {
            html.append("This room shares the instance's database and media bucket. Decentralising gives it a schema,"
                    + " a database role and a bucket of its own, while it stays online: messages keep arriving during the move.");
        }
        html.append("</p><div class=\"facts\"><div><span>").append(summary.messageCount())
                .append("</span>messages</div><div><span>").append(size(cost.rowBytes()))
                .append("</span>of rows</div><div><span>").append(size(cost.mediaBytes())).append("</span>of media</div></div>");
        html.append("<table class=\"cost\" data-testid=\"cost\"><caption>Estimated monthly cost of its own shard</caption>");
        for (ShardCostEstimate.Line line : cost.lines()) {
            html.append("<tr><td>").append(Html.escape(line.label())).append("<small>").append(Html.escape(line.basis()))
                    .append("</small></td><td class=\"num\">").append(money(line.monthly())).append("</td></tr>");
        }
        html.append("<tr class=\"total\"><td>Total per month</td><td class=\"num\" data-testid=\"cost-total\">")
                .append(money(cost.monthlyTotal())).append("</td></tr></table>")
                .append("<p class=\"note\">List prices, ").append(Html.escape(cost.prices().region())).append(", snapshot of ")
                .append(Html.escape(cost.prices().takenOn())).append(" (<code>").append(Html.escape(cost.prices().resource()))
                .append("</code>), for this room's current size.</p>");
        html.append("<div class=\"progress\" id=\"progress\"").append(running || failed ? "" : " hidden").append(">")
                .append("<div class=\"bar\"><div class=\"fill\" id=\"fill\" style=\"width:")
                .append(move.map(MoveStatus::percent).orElse(0)).append("%\"></div></div>")
                .append("<div class=\"progress-line\"><span id=\"phase\">").append(move.map(m -> phaseLabel(m.phase())).orElse(""))
                .append("</span><span id=\"counts\"></span><span id=\"eta\"></span></div></div>")
                .append("<div class=\"error\" id=\"error\" role=\"alert\"").append(failed ? "" : " hidden").append(">")
                .append("<strong>The move stopped.</strong> <span id=\"error-text\">")
                .append(Html.escape(move.map(MoveStatus::error).orElse(""))).append("</span>")
                .append("<button class=\"btn secondary\" id=\"retry\">Retry</button></div>")
                .append("<div class=\"actions\">")
                .append("<button class=\"btn primary\" id=\"start\"").append(room.isSharded() || running ? " hidden" : "")
                .append(">Start decentralising</button>")
                .append("<button class=\"btn secondary\" id=\"recentralise\"").append(!room.isSharded() || running ? " hidden" : "")
                .append(">Re-centralise</button></div></section></main>")
                .append("<div class=\"toast\" id=\"toast\" role=\"status\" hidden></div>")
                .append("<script>").append(SCRIPT).append("</script></body></html>");
        return html.toString();
    }

    static String phaseLabel(String phase) {
        return switch (phase) {
            case "provision" -> "Creating the shard…";
            case "copy-rows" -> "Copying messages…";
            case "copy-media" -> "Copying media…";
            case "catch-up" -> "Catching up with new messages…";
            case "fence" -> "Switching over…";
            case "cleanup" -> "Cleaning up the old copy…";
            case "done" -> "Done";
            default -> phase;
        };
    }

    private static String money(double usd) {
        if (usd > 0 && usd < 0.01) {
            return "&lt; $0.01";
        }
        return String.format(Locale.ROOT, "$%.2f", usd);
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
    }

    private static final String CSS = """
            main.wrap{padding-top:28px}a.back{color:#c9cffa;text-decoration:none}.card{background:#fff;border-radius:14px;\
            padding:26px 30px;box-shadow:0 1px 3px rgba(20,24,40,.08),0 4px 18px rgba(20,24,40,.06)}\
            .card-head{display:flex;align-items:center;justify-content:space-between}.card h2{margin:0;font-size:19px}\
            .badge{font-size:12px;padding:3px 10px;border-radius:999px}.badge.shared{background:#eef0f5;color:#4a5068}\
            .badge.own{background:#e3f6e9;color:#16803c}.lead{color:#4a5068;margin:10px 0 18px}\
            code{background:#eef0f5;padding:1px 6px;border-radius:5px;font-size:13px}\
            .facts{display:flex;gap:12px;margin-bottom:18px}.facts div{flex:1;background:#f6f7fb;border-radius:10px;\
            padding:10px 14px;color:#6b7185;font-size:13px}.facts span{display:block;color:#1d2230;font-size:18px;\
            font-weight:650}.cost{width:100%;border-collapse:collapse;margin-bottom:6px}.cost caption{text-align:left;\
            font-weight:650;margin-bottom:6px}.cost td{padding:8px 0;border-bottom:1px solid #eceef4}\
            .cost small{display:block;color:#7a8094;font-size:12px}.num{text-align:right;font-variant-numeric:tabular-nums}\
            .cost .total td{font-weight:700;border-bottom:none}.note{color:#7a8094;font-size:12px;margin:4px 0 18px}\
            .progress{margin:8px 0 16px}.bar{height:12px;background:#e6e8ef;border-radius:999px;overflow:hidden}\
            .fill{height:100%;background:linear-gradient(90deg,#5b6ee1,#3fa37a);border-radius:999px;transition:width .3s}\
            .progress-line{display:flex;gap:16px;margin-top:8px;font-size:13px;color:#4a5068}#phase{font-weight:600;\
            color:#1d2230}#eta{margin-left:auto}.error{background:#fde7e9;color:#7a1c22;border-radius:10px;\
            padding:12px 14px;margin:8px 0 16px;display:flex;gap:10px;align-items:center;flex-wrap:wrap}\
            .error[hidden],.progress[hidden],.btn[hidden],.toast[hidden]{display:none}\
            .error #error-text{flex:1 1 60%}.actions{display:flex;gap:10px}.btn{font:inherit;font-weight:600;border:0;\
            border-radius:9px;padding:10px 18px;cursor:pointer}.btn.primary{background:#5b6ee1;color:#fff}\
            .btn.primary:hover{background:#4a5cd0}.btn.secondary{background:#eef0f5;color:#1d2230}\
            .btn:disabled{opacity:.55;cursor:default}.toast{position:fixed;left:50%;bottom:32px;transform:translateX(-50%);\
            background:#1f2440;color:#fff;padding:12px 22px;border-radius:12px;box-shadow:0 6px 24px rgba(0,0,0,.25);\
            font-weight:600}.toast::before{content:"✓ ";color:#4ade80}""";

    private static final String SCRIPT = """
            (() => {
              const panel = document.getElementById('decentralise');
              const room = panel.dataset.room, api = '/api/room/' + room;
              const $ = id => document.getElementById(id);
              const labels = {'provision':'Creating the shard…','copy-rows':'Copying messages…','copy-media':'Copying media…',
                'catch-up':'Catching up with new messages…','fence':'Switching over…','cleanup':'Cleaning up the old copy…','done':'Done'};
              let direction = panel.dataset.direction, stream = null;
              const size = b => b < 1048576 ? (b / 1024).toFixed(1) + ' KB' : (b / 1048576).toFixed(1) + ' MB';
              function show(el, on) { el.hidden = !on; }
              function toast(text) { const t = $('toast'); t.textContent = text; show(t, true); }
              function render(s) {
                show($('progress'), true);
                $('fill').style.width = s.percent + '%';
                $('phase').textContent = labels[s.phase] || s.phase;
                $('counts').textContent = s.rowsTotal === 0 ? '' : s.rowsCopied.toLocaleString('en') + ' / '
                  + s.rowsTotal.toLocaleString('en') + ' rows · ' + size(s.bytesCopied) + ' / ' + size(s.bytesTotal);
                $('eta').textContent = s.state === 'running' && s.etaSeconds != null ? 'about ' + s.etaSeconds + ' s left' : '';
                if (s.state === 'succeeded') {
                  stream.close();
                  const sovereign = s.direction === 'decentralise';
                  toast(sovereign ? 'Room is now sovereign!' : 'Room is back in the shared database');
                  const badge = document.querySelector('.badge');
                  badge.className = 'badge ' + (sovereign ? 'own' : 'shared');
                  badge.textContent = sovereign ? 'Sovereign shard' : 'Shared database';
                  document.querySelector('[data-testid=where]').textContent = sovereign
                    ? 'This room now lives in its own schema, with its own role and bucket.'
                    : 'This room is back in the instance’s shared database and media bucket; its shard is deleted.';
                  $('eta').textContent = s.fenceMillis != null ? 'writes paused ' + s.fenceMillis + ' ms' : '';
                  setTimeout(() => location.reload(), 4000);
                } else if (s.state === 'failed') {
                  stream.close();
                  $('error-text').textContent = s.error;
                  show($('error'), true);
                }
              }
              function follow() {
                stream = new EventSource(api + '/decentralise/status');
                stream.addEventListener('status', e => render(JSON.parse(e.data)));
              }
              async function start(which) {
                direction = which;
                show($('error'), false);
                $('start').disabled = $('recentralise').disabled = $('retry').disabled = true;
                const r = await fetch(api + '/' + which, {method: 'POST', credentials: 'same-origin',
                  headers: {'Content-Type': 'application/json'}, body: '{}'});
                $('retry').disabled = false;
                if (r.status !== 202) {
                  const body = await r.json().catch(() => ({details: 'HTTP ' + r.status}));
                  $('error-text').textContent = body.details || body.title;
                  show($('error'), true);
                  $('start').disabled = $('recentralise').disabled = false;
                  return;
                }
                show($('start'), false); show($('recentralise'), false);
                follow();
              }
              $('start').onclick = () => start('decentralise');
              $('recentralise').onclick = () => start('recentralise');
              $('retry').onclick = () => start(direction);
              if (panel.dataset.running === 'true') follow();
            })();""";
}
