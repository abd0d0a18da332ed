// The invite page: join as a new person (name and handle) or as the person signed in, then go to the room.
const form = document.getElementById('join-form');
const main = document.getElementById('join');
const code = location.pathname.split('/').pop();
form.addEventListener('submit', async e => {
  e.preventDefault();
  const button = form.querySelector('button');
  button.disabled = true;
  const existing = form.dataset.existing === 'true';
  const body = existing ? {} : {displayName: form.displayName.value, handle: form.handle.value};
  const headers = {'Content-Type': 'application/json'};
  if (main.dataset.csrf) headers['X-CSRF-Token'] = main.dataset.csrf;
  const r = await fetch('/api/join/' + encodeURIComponent(code),
    {method: 'POST', credentials: 'same-origin', headers, body: JSON.stringify(body)});
  const answer = await r.json().catch(() => ({}));
  if (r.ok) {
    location.href = answer.room;
    return;
  }
  button.disabled = false;
  document.getElementById('error-text').textContent = answer.details || answer.title || 'HTTP ' + r.status;
  document.getElementById('error').hidden = false;
});
