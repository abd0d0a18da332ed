// The People panel of a room's settings: the topic, invite links (make, list, revoke) and members (list, remove).
import {call as request, toast} from './api.js';

const settings = document.getElementById('settings');
const api = '/api/room/' + settings.dataset.room;
const $ = id => document.getElementById(id);
const call = (method, url, body) => request(method, url, body, settings.dataset.csrf);

function cell(text, cls) {
  const td = document.createElement('td');
  if (cls) td.className = cls;
  td.textContent = text;
  return td;
}

function button(label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'btn secondary small';
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

async function loadInvites() {
  const {invites} = await call('GET', api + '/invites');
  const table = $('invites');
  table.replaceChildren();
  for (const i of invites) {
    const tr = document.createElement('tr');
    tr.dataset.invite = i.id;
    const state = i.revokedAt ? 'revoked' : i.usable ? 'active' : 'used up or expired';
    const uses = i.maxUses ? `${i.uses} / ${i.maxUses} uses` : `${i.uses} uses`;
    const expires = i.expiresAt ? 'until ' + new Date(i.expiresAt).toLocaleString() : 'no expiry';
    tr.append(cell(`${i.role} · ${uses} · ${expires}`), cell(state, 'muted'));
    const actions = document.createElement('td');
    actions.className = 'num';
    if (i.usable) actions.append(button('Revoke', async () => {
      try { await call('DELETE', api + '/invites/' + i.id); loadInvites(); } catch (e) { toast(e.message); }
    }));
    tr.append(actions);
    if (!i.usable) tr.className = 'ended';
    table.append(tr);
  }
}

async function loadMembers() {
  const {members} = await call('GET', api + '/members');
  const table = $('members');
  table.replaceChildren();
  for (const m of members) {
    const tr = document.createElement('tr');
    tr.append(cell(`${m.displayName || 'unknown'} @${m.handle || '?'}`), cell(m.role + (m.imported ? ' · imported' : ''), 'muted'));
    const actions = document.createElement('td');
    actions.className = 'num';
    actions.append(button('Remove', async () => {
      if (!confirm(`Remove @${m.handle} from this room?`)) return;
      try { await call('DELETE', api + '/members/' + m.id); loadMembers(); } catch (e) { toast(e.message); }
    }));
    tr.append(actions);
    table.append(tr);
  }
}

$('invite-form').addEventListener('submit', async e => {
  e.preventDefault();
  const uses = $('invite-uses').value;
  try {
    const invite = await call('POST', api + '/invites', {role: $('invite-role').value,
      maxUses: uses ? Number(uses) : null, expiresIn: $('invite-expiry').value});
    $('invite-url').value = invite.url;
    $('invite-made').hidden = false;
    $('invite-url').select();
    loadInvites();
  } catch (err) {
    toast(err.message);
  }
});

$('topic-form').addEventListener('submit', async e => {
  e.preventDefault();
  try {
    await call('PATCH', api, {topic: $('topic').value});
    toast('Topic saved');
  } catch (err) {
    toast(err.message);
  }
});

loadInvites().catch(e => toast(e.message));
loadMembers().catch(e => toast(e.message));
