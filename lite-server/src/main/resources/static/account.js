// The account page: sign-in links for other devices, signing out one device or all of them.
import {call as api, toast} from './api.js';

const csrf = document.getElementById('account').dataset.csrf || '';
const $ = id => document.getElementById(id);
const call = (method, url) => api(method, url, method === 'DELETE' ? undefined : {}, csrf);
$('make-link').addEventListener('click', async () => {
  try {
    const link = await call('POST', '/api/login-codes');
    $('login-url').value = link.url;
    $('login-expiry').textContent = 'works once, until ' + new Date(link.expiresAt).toLocaleTimeString();
    $('login-link').hidden = false;
    $('login-url').select();
  } catch (e) {
    toast(e.message);
  }
});
document.querySelectorAll('[data-signout]').forEach(b => b.addEventListener('click', async () => {
  try {
    await call('DELETE', '/api/sessions/' + b.dataset.signout);
    location.reload();
  } catch (e) {
    toast(e.message);
  }
}));
$('signout-all').addEventListener('click', async () => {
  if (!confirm('Sign out on every device, this one too?')) return;
  try {
    await call('POST', '/api/signout/everywhere');
    location.href = '/rooms';
  } catch (e) {
    toast(e.message);
  }
});
