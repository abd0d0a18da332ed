// The account page: sign-in links for other devices, signing out one device or all of them.
const csrf = document.getElementById('account').dataset.csrf || '';
const $ = id => document.getElementById(id);
const call = async (method, url) => {
  const r = await fetch(url, {method, credentials: 'same-origin',
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf}, body: method === 'DELETE' ? undefined : '{}'});
  const answer = r.status === 204 ? {} : await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(answer.details || answer.title || 'HTTP ' + r.status);
  return answer;
};
function toast(text) {
  $('toast').textContent = text;
  $('toast').hidden = false;
  setTimeout(() => { $('toast').hidden = true; }, 3500);
}
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
