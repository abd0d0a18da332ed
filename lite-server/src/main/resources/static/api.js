// What the pages' scripts share: calls to the API from a signed-in page (with the session's CSRF token), and toasts.

/** A JSON call; the answer's JSON, or an Error with the server's sentence. */
export async function call(method, url, body, csrf, headers = {}) {
  const r = await fetch(url, {method, credentials: 'same-origin',
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf || '', ...headers},
    body: body === undefined ? undefined : JSON.stringify(body)});
  const answer = r.status === 204 ? {} : await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(answer.details || answer.title || 'HTTP ' + r.status);
  return answer;
}

/** Shows a short sentence at the bottom of the page (the page's element #toast). */
export function toast(text) {
  const t = document.getElementById('toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 3500);
}
