// The room, live: new, edited and deleted messages arrive through the room's event stream; members write, reply,
// edit, delete and attach files. Messages are built with DOM nodes and textContent only (never HTML from a message).
import {call as api, toast} from './api.js';

const main = document.getElementById('timeline');
const list = document.getElementById('messages');
const $ = id => document.getElementById(id);
const room = main.dataset.room;
const me = main.dataset.me || null;
const moderator = main.dataset.moderator === 'true';
const canWrite = main.dataset.canWrite === 'true';
const csrf = main.dataset.csrf || '';
const maxUpload = Number(main.dataset.maxUpload || 0);
const MAX_CHARS = 10000;
let older = main.dataset.older || null;
let lastSeq = Number(main.dataset.lastChange || 0);

// --- formatting, as the server formats (Views.java, Links.java) ---
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];
const dayLine = d => `${DAYS[d.getDay()]}, ${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
const clock = d => String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
const colorClass = key => {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(31, h) + key.charCodeAt(i)) | 0;
  return 'c' + (((h % 7) + 7) % 7);
};
const initials = name => name.trim().split(/\s+/).slice(0, 2).map(w => Array.from(w)[0] || '').join('').toUpperCase() || '?';
const size = b => {
  if (b < 1024) return b + ' B';
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = b, u = -1;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return v.toFixed(1) + ' ' + units[u];
};
const INLINE = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp'];
const URL_RE = /https?:\/\/[^\s<>"'`]+/gi;
const TRAILING = '.,;:!?)]}\'"';

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/** The message's text with http(s) links made into safe links. */
function bodyNodes(text) {
  const out = [];
  let at = 0;
  for (const m of text.matchAll(URL_RE)) {
    let end = m.index + m[0].length;
    while (end > m.index && TRAILING.includes(text[end - 1])) end--;
    if (end - m.index <= 8) continue;
    if (m.index > at) out.push(document.createTextNode(text.slice(at, m.index)));
    const url = text.slice(m.index, end);
    out.push(el('a', {href: url, rel: 'noopener noreferrer nofollow', target: '_blank', text: url}));
    at = end;
  }
  if (at < text.length) out.push(document.createTextNode(text.slice(at)));
  return out;
}

function snippetOf(id) {
  const target = document.getElementById('m-' + id);
  if (!target) return null;
  const body = target.querySelector('.body').textContent;
  return {author: target.querySelector('.author').textContent, text: body.length > 80 ? body.slice(0, 80) + '…' : body};
}

/** A message as message.jte renders it. */
function render(m) {
  const a = m.author || {};
  const name = a.displayName || 'Unknown author';
  const handle = a.handle || 'unknown';
  const at = new Date(m.createdAt);
  const deleted = !!m.deletedAt;
  const line = el('div', {class: 'line'},
    el('span', {class: 'author', 'data-testid': 'author', text: name}),
    el('span', {class: 'handle', text: '@' + handle}),
    a.imported ? el('span', {class: 'imported', 'data-testid': 'imported', text: 'imported',
      title: 'Not a user of this installation: this name came with an imported room.'}) : null,
    el('time', {datetime: m.createdAt, text: clock(at)}),
    m.editedAt && !deleted ? el('span', {class: 'edited', 'data-testid': 'edited', text: '(edited)'}) : null,
    deleted ? null : m.verified
      ? el('span', {class: 'signed', title: 'signature verified', text: '✓ signed'})
      : el('span', {class: 'unsigned', title: 'signature does not verify', text: '⚠ unverified'}));
  const content = el('div', {class: 'content'}, line);
  if (m.replyTo) {
    const parent = snippetOf(m.replyTo);
    const reply = el('a', {class: 'reply', href: '#m-' + m.replyTo, 'data-reply': m.replyTo}, '↪ ');
    if (parent) reply.append(el('b', {text: parent.author}), ' ' + parent.text);
    else reply.append('an earlier message');
    content.append(reply);
  }
  content.append(deleted
    ? el('div', {class: 'body gone', 'data-testid': 'body', text: 'Message deleted'})
    : el('div', {class: 'body', 'data-testid': 'body'}, ...bodyNodes(m.body)));
  if (m.media && m.media.length) {
    const media = el('div', {class: 'media'});
    for (const f of m.media) {
      if (INLINE.includes(f.contentType)) {
        media.append(el('a', {href: f.url, target: '_blank', rel: 'noopener'},
          el('img', {'data-testid': 'media-image', src: f.url, alt: `picture shared by ${name}: ${f.fileName}`,
            loading: 'lazy', width: f.width, height: f.height})));
      } else {
        media.append(el('a', {class: 'file', href: f.url, download: f.fileName, text: `📎 ${f.fileName} (${size(f.size)})`}));
      }
    }
    content.append(media);
  }
  const article = el('article', {class: 'message' + (deleted ? ' deleted' : ''), 'data-testid': 'message',
    id: 'm-' + m.id, 'data-id': m.id, 'data-author': a.id || '', 'data-seq': m.changeSeq, tabindex: '-1'},
  el('div', {class: 'avatar ' + colorClass(handle), 'aria-hidden': 'true', text: initials(name)}), content);
  addActions(article);
  return article;
}

// --- actions on a message: reply, edit, delete ---
function addActions(article) {
  if (!canWrite || article.classList.contains('deleted') || article.querySelector('.actions')) return;
  const mine = me && article.dataset.author === me;
  const bar = el('div', {class: 'actions', role: 'group', 'aria-label': 'Message actions'});
  bar.append(el('button', {type: 'button', class: 'act', 'data-act': 'reply', text: 'Reply'}));
  if (mine) bar.append(el('button', {type: 'button', class: 'act', 'data-act': 'edit', text: 'Edit'}));
  if (mine || moderator) bar.append(el('button', {type: 'button', class: 'act', 'data-act': 'delete', text: 'Delete'}));
  article.querySelector('.content').append(bar);
}

document.querySelectorAll('#messages .message').forEach(addActions);

list.addEventListener('click', e => {
  const button = e.target.closest('button.act');
  if (!button) return;
  const article = button.closest('.message');
  const act = button.dataset.act;
  if (act === 'reply') startReply(article);
  else if (act === 'edit') startEdit(article);
  else if (act === 'delete') remove(article);
});

// --- placing messages ---
const nearBottom = () => window.innerHeight + window.scrollY >= document.body.scrollHeight - 120;

function lastMessage() {
  const all = list.querySelectorAll('.message');
  return all.length ? all[all.length - 1] : null;
}

/** The header's message count, kept as messages come and go. */
function count(delta) {
  const node = document.querySelector('[data-testid=message-count]');
  const n = Math.max(0, parseInt(node.textContent.replace(/\D/g, ''), 10) + delta);
  node.textContent = `${n} ${n === 1 ? 'message' : 'messages'}`;
}

/** A message from the stream or from a send: replaces what is shown of it if newer, else joins the end. */
function upsert(m) {
  const existing = document.getElementById('m-' + m.id);
  if (existing) {
    // change number 0: this page's own write, answered before the room numbered it; the stream brings it numbered
    const seen = Number(existing.dataset.seq);
    if (m.changeSeq !== 0 && seen >= m.changeSeq) return;
    const editing = existing.querySelector('.edit-box');
    if (editing) return; // the person is editing it; their save answers with the newest text
    if (m.deletedAt && !existing.classList.contains('deleted')) count(-1);
    const fresh = render(m);
    if (m.changeSeq === 0) fresh.dataset.seq = String(seen);
    existing.replaceWith(fresh);
    return;
  }
  if (m.deletedAt) return;
  count(1);
  const last = lastMessage();
  const lastAt = last ? new Date(last.querySelector('time').getAttribute('datetime')) : null;
  const at = new Date(m.createdAt);
  if (lastAt && at < lastAt && list.querySelector('.message')) {
    // older than what is shown (an edit of a message above the loaded history): nothing to show
    if (!older) insertInOrder(m); // the whole history is loaded: it belongs somewhere in it
    return;
  }
  const stick = nearBottom();
  if (!lastAt || dayLine(lastAt) !== dayLine(at)) list.append(el('div', {class: 'day'}, el('span', {text: dayLine(at)})));
  list.append(render(m));
  const empty = $('empty');
  if (empty) empty.remove();
  if (stick || (me && m.author && m.author.id === me)) window.scrollTo(0, document.body.scrollHeight);
  else show($('new-marker'), true);
}

function insertInOrder(m) {
  const at = new Date(m.createdAt);
  for (const node of list.querySelectorAll('.message')) {
    if (new Date(node.querySelector('time').getAttribute('datetime')) > at) {
      node.before(render(m));
      return;
    }
  }
  list.append(render(m));
}

const show = (node, on) => { if (node) node.hidden = !on; };

$('new-marker').addEventListener('click', () => {
  window.scrollTo({top: document.body.scrollHeight, behavior: 'smooth'});
  show($('new-marker'), false);
});
window.addEventListener('scroll', () => { if (nearBottom()) show($('new-marker'), false); }, {passive: true});

// --- the live stream ---
let stream = null;
function connect() {
  stream = new EventSource(`/api/room/${room}/events?after=${lastSeq}`);
  stream.addEventListener('open', () => {
    $('live').textContent = 'live';
    $('live').className = 'live on';
    show($('live'), true);
  });
  stream.addEventListener('message', e => {
    const m = JSON.parse(e.data);
    lastSeq = Math.max(lastSeq, m.changeSeq);
    upsert(m);
  });
  stream.addEventListener('reset', () => location.reload());
  stream.addEventListener('end', e => {
    stream.close();
    stream = null;
    $('live').textContent = 'offline';
    $('live').className = 'live off';
    toast(JSON.parse(e.data).reason);
  });
  stream.addEventListener('error', () => {
    $('live').textContent = 'reconnecting…';
    $('live').className = 'live off';
    show($('live'), true);
    // the browser retries a dropped connection by itself; one that was refused (e.g. 503) it gives up: start again
    if (stream.readyState === EventSource.CLOSED) setTimeout(connect, 5000);
  });
}
connect();
window.scrollTo(0, document.body.scrollHeight);

// --- older history ---
async function loadOlder() {
  if (!older || loadOlder.busy) return;
  loadOlder.busy = true;
  try {
    const r = await fetch(`/api/fetchMessages?roomId=${room}&limit=50&verify=true&cursor=${encodeURIComponent(older)}`,
      {credentials: 'same-origin'});
    if (!r.ok) throw new Error('HTTP ' + r.status);
    const page = await r.json();
    const height = document.body.scrollHeight;
    const first = list.firstChild;
    let lastDay = null;
    for (const m of page.messages.reverse()) {
      if (document.getElementById('m-' + m.id)) continue;
      const day = dayLine(new Date(m.createdAt));
      if (day !== lastDay) {
        list.insertBefore(el('div', {class: 'day'}, el('span', {text: day})), first);
        lastDay = day;
      }
      list.insertBefore(render(m), first);
    }
    window.scrollTo(0, window.scrollY + document.body.scrollHeight - height);
    older = page.next;
    if (!older) $('older').parentElement.remove();
  } catch (err) {
    toast('Could not load older messages: ' + err.message);
  } finally {
    loadOlder.busy = false;
  }
}
if ($('older')) {
  $('older').addEventListener('click', loadOlder);
  // scrolled up to the top of a page taller than the window: the next older page comes by itself
  new IntersectionObserver(entries => {
    if (entries.some(x => x.isIntersecting) && document.body.scrollHeight > window.innerHeight + 40) loadOlder();
  }).observe($('older'));
}

// --- writing ---
const call = (method, url, body) => api(method, url, body, csrf, {'x-room-id': room});

let replyTo = null;
function startReply(article) {
  replyTo = article.dataset.id;
  const s = snippetOf(replyTo);
  $('replying-text').textContent = s ? `Replying to ${s.author}: ${s.text}` : 'Replying';
  show($('replying'), true);
  $('body').focus();
}

function startEdit(article) {
  const body = article.querySelector('.body');
  if (article.querySelector('.edit-box')) return;
  const box = el('textarea', {class: 'edit-box', 'aria-label': 'Edit message', maxlength: MAX_CHARS});
  box.value = body.textContent;
  body.hidden = true;
  body.after(box);
  box.focus();
  const done = () => { box.remove(); body.hidden = false; };
  box.addEventListener('keydown', async e => {
    if (e.key === 'Escape') { done(); article.focus(); }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      try {
        const m = await call('PATCH', `/api/room/${room}/messages/${article.dataset.id}`, {body: box.value});
        done();
        upsert(m);
      } catch (err) {
        toast('Not saved: ' + err.message);
      }
    }
  });
}

async function remove(article) {
  if (!confirm('Delete this message for everyone?')) return;
  try {
    upsert(await call('DELETE', `/api/room/${room}/messages/${article.dataset.id}`));
  } catch (err) {
    toast('Not deleted: ' + err.message);
  }
}

if (canWrite) {
  const form = $('composer');
  const text = $('body');
  const draftKey = 'mesh-draft-' + room;
  const pending = []; // uploads: {id, name, done, failed, chip}
  text.value = localStorage.getItem(draftKey) || '';

  const grow = () => {
    text.style.height = 'auto';
    text.style.height = Math.min(text.scrollHeight, 220) + 'px';
    const n = text.value.length;
    $('counter').textContent = n > MAX_CHARS - 1000 ? `${n.toLocaleString('en')} / ${MAX_CHARS.toLocaleString('en')}` : '';
    $('counter').className = 'counter' + (n > MAX_CHARS ? ' over' : '');
    localStorage.setItem(draftKey, text.value);
  };
  text.addEventListener('input', grow);
  grow();
  text.addEventListener('keydown', e => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
    if (e.key === 'Escape' && replyTo) cancelReply();
  });
  const cancelReply = () => { replyTo = null; show($('replying'), false); };
  $('reply-cancel').addEventListener('click', cancelReply);
  form.addEventListener('submit', e => { e.preventDefault(); send(); });
  $('retry').addEventListener('click', send);

  async function send() {
    const ready = pending.filter(p => p.done && !p.failed);
    if (pending.some(p => !p.done)) { toast('Waiting for uploads to finish…'); return; }
    let body = text.value;
    if (!body.trim() && ready.length) body = ready.map(p => p.name).join(', ');
    if (!body.trim()) return;
    if (body.length > MAX_CHARS) { failed(`The message has ${body.length} characters; the limit is ${MAX_CHARS}.`); return; }
    $('send').disabled = true;
    try {
      const m = await call('POST', '/api/sendMessage', {body, replyTo, media: ready.map(p => p.id)});
      text.value = '';
      grow();
      cancelReply();
      pending.splice(0).forEach(p => p.chip.remove());
      show($('send-error'), false);
      upsert(m);
    } catch (err) {
      failed(err.message);
    } finally {
      $('send').disabled = false;
      text.focus();
    }
  }

  function failed(why) {
    $('send-error-text').textContent = 'Not sent: ' + why + ' Your text is kept.';
    show($('send-error'), true);
  }

  // --- attachments: button, drag and drop, paste ---
  const safeName = name => (name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '') || 'file').slice(-100);
  function upload(file) {
    const chip = el('div', {class: 'upload', 'data-testid': 'upload'},
      el('span', {class: 'upload-name', text: file.name}), el('progress', {max: '100', value: '0'}),
      el('button', {type: 'button', class: 'link', 'aria-label': 'Remove ' + file.name, text: '✕'}));
    $('uploads').append(chip);
    const item = {name: file.name, done: false, failed: false, chip};
    pending.push(item);
    chip.querySelector('button').addEventListener('click', () => {
      pending.splice(pending.indexOf(item), 1);
      chip.remove();
    });
    if (maxUpload && file.size > maxUpload) {
      item.done = item.failed = true;
      chip.classList.add('failed');
      chip.querySelector('progress').replaceWith(el('span', {text: `too large (${size(file.size)}; at most ${size(maxUpload)})`}));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/room/${room}/media?name=${encodeURIComponent(safeName(file.name))}`);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.addEventListener('progress', e => {
      if (e.lengthComputable) chip.querySelector('progress').value = Math.round(e.loaded * 100 / e.total);
    });
    xhr.addEventListener('load', () => {
      item.done = true;
      if (xhr.status === 201) {
        item.id = JSON.parse(xhr.responseText).id;
        chip.classList.add('ready');
        chip.querySelector('progress').value = 100;
      } else {
        item.failed = true;
        chip.classList.add('failed');
        let why = 'HTTP ' + xhr.status;
        try { const a = JSON.parse(xhr.responseText); why = a.details || a.title || why; } catch (e) { /* not JSON */ }
        chip.querySelector('progress').replaceWith(el('span', {text: why}));
      }
    });
    xhr.addEventListener('error', () => {
      item.done = item.failed = true;
      chip.classList.add('failed');
      chip.querySelector('progress').replaceWith(el('span', {text: 'upload failed (connection)'}));
    });
    xhr.send(file);
  }
  $('file').addEventListener('change', e => { [...e.target.files].forEach(upload); e.target.value = ''; });
  document.addEventListener('dragover', e => {
    if ([...e.dataTransfer.types].includes('Files')) { e.preventDefault(); document.body.classList.add('dropping'); }
  });
  document.addEventListener('dragleave', e => { if (!e.relatedTarget) document.body.classList.remove('dropping'); });
  document.addEventListener('drop', e => {
    if (!e.dataTransfer.files.length) return;
    e.preventDefault();
    document.body.classList.remove('dropping');
    [...e.dataTransfer.files].forEach(upload);
  });
  text.addEventListener('paste', e => {
    const files = [...(e.clipboardData ? e.clipboardData.files : [])];
    if (files.length) { e.preventDefault(); files.forEach(upload); }
  });
}
