// A one-time sign-in link: one button, so that a link preview never uses the code up.
const main = document.getElementById('login');
document.getElementById('signin').addEventListener('click', async () => {
  const r = await fetch('/api/login/' + encodeURIComponent(main.dataset.code),
    {method: 'POST', credentials: 'same-origin', headers: {'Content-Type': 'application/json'}, body: '{}'});
  const answer = await r.json().catch(() => ({}));
  if (r.ok) {
    location.href = answer.next;
    return;
  }
  document.getElementById('error-text').textContent = answer.details || answer.title || 'HTTP ' + r.status;
  document.getElementById('error').hidden = false;
});
