// The instance admin's console: create a room, issue and revoke tokens, add users — through the same API as every
// other client, with the session's CSRF token (or the admin token's cookie).
import {call, toast} from './api.js';

const page = document.getElementById('admin');
const csrf = page.dataset.csrf;
const $ = id => document.getElementById(id);
const api = (method, url, body) => call(method, url, body, csrf);

$('room-form').addEventListener('submit', async e => {
  e.preventDefault();
  try {
    const room = await api('POST', '/api/room', {slug: $('room-slug').value.trim(), name: $('room-name').value.trim(),
      visibility: $('room-visibility').value, sharded: $('room-sharded').checked});
    location.href = '/admin?q=' + encodeURIComponent(room.slug);
  } catch (err) {
    toast(err.message);
  }
});

$('token-kind').addEventListener('change', () => {
  $('token-handle').hidden = $('token-kind').value !== 'user';
});

$('token-form').addEventListener('submit', async e => {
  e.preventDefault();
  const kind = $('token-kind').value;
  const body = {label: $('token-label').value.trim() || undefined, expiresIn: $('token-expires').value};
  if (kind === 'import') body.scope = 'import';
  if (kind === 'admin') body.admin = true;
  if (kind === 'user') body.handle = $('token-handle').value.trim();
  try {
    const made = await api('POST', '/api/tokens', body);
    $('token-value').value = made.token;
    $('token-made').hidden = false;
    $('token-value').select();
    toast('Token issued: copy it now, it is not shown again');
  } catch (err) {
    toast(err.message);
  }
});

$('user-form').addEventListener('submit', async e => {
  e.preventDefault();
  try {
    const made = await api('POST', '/api/users', {handle: $('user-handle').value.trim(),
      displayName: $('user-name').value.trim()});
    $('token-value').value = made.token;
    $('token-made').hidden = false;
    toast('Added @' + made.user.handle + ': their token is shown once above');
  } catch (err) {
    toast(err.message);
  }
});

document.querySelectorAll('[data-revoke]').forEach(button => button.addEventListener('click', async () => {
  if (!confirm('Revoke this token? Whoever uses it is signed out at their next request.')) return;
  try {
    await api('DELETE', '/api/tokens/' + button.dataset.revoke);
    location.reload();
  } catch (err) {
    toast(err.message);
  }
}));
