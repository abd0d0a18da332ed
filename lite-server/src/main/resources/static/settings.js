// The room's settings: people (topic, invite links, members) and the Decentralise Room panel (start a move, follow
// its status stream, show progress, errors and Retry).
import './people.js';
const panel = document.getElementById('decentralise');
const room = panel.dataset.room;
const api = '/api/room/' + room;
const $ = id => document.getElementById(id);
let direction = panel.dataset.direction;
let stream = null;
// byte counts as the server writes them (ByteSizes): binary units, one decimal
const size = b => {
  if (b < 1024) return b + ' B';
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = b, unit = -1;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return value.toFixed(1) + ' ' + units[unit];
};
const show = (el, on) => { el.hidden = !on; };

function toast(text) {
  const t = $('toast');
  t.textContent = text;
  show(t, true);
}

function render(s) {
  show($('progress'), true);
  $('fill').style.width = s.percent + '%';
  $('phase').textContent = s.phaseLabel || s.phase;
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
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': document.getElementById('settings').dataset.csrf || ''},
    body: '{}'});
  $('retry').disabled = false;
  if (r.status !== 202) {
    const body = await r.json().catch(() => ({details: 'HTTP ' + r.status}));
    $('error-text').textContent = body.details || body.title;
    show($('error'), true);
    $('start').disabled = $('recentralise').disabled = false;
    return;
  }
  show($('start'), false);
  show($('recentralise'), false);
  follow();
}

$('fill').style.width = (panel.dataset.percent || 0) + '%';
$('start').addEventListener('click', () => start('decentralise'));
$('recentralise').addEventListener('click', () => start('recentralise'));
$('retry').addEventListener('click', () => start(direction));
if (panel.dataset.running === 'true') {
  follow();
}

// Billing: Add billing (or Manage billing) asks the server for Stripe's page and goes there; coming back, a note
const billing = $('add-billing');
if (billing) {
  billing.addEventListener('click', async () => {
    billing.disabled = true;
    const r = await fetch(api + '/billing', {method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': document.getElementById('settings').dataset.csrf || ''},
      body: '{}'});
    const body = await r.json().catch(() => ({details: 'HTTP ' + r.status}));
    if (r.ok && body.url) {
      window.location.assign(body.url);
      return;
    }
    $('billing-failed').textContent = body.details || body.title;
    show($('billing-failed'), true);
    billing.disabled = false;
  });
}
const returned = new URLSearchParams(window.location.search).get('billing');
if (returned === 'added') {
  toast(billing && billing.dataset.active === 'true'
    ? 'Billing added: this room\'s own shard is paid for from now on.'
    : 'Payment method added. Stripe confirms it in a moment; reload to see the room\'s subscription.');
} else if (returned === 'cancelled') {
  toast('Billing was not added: nothing changed.');
}
