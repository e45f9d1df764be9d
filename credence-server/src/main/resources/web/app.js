// The Credence web UI: a subject's portal (/me), the reviewers' queue (/review), the operators'
// console (/console) and a decision desk for providers (/check). Plain modules, no build step and
// nothing fetched from elsewhere. Every figure shown comes from the JSON API with the signed-in
// key; the UI offers only what that key's role may do, and shows every refusal as a sentence.

const KEY = 'credence.key';
const main = document.getElementById('main');

// ------------------------------------------------------------------ DOM helpers

/** Builds an element. Text is always set as text, never parsed as HTML. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  for (const child of children.flat(Infinity)) el.append(child instanceof Node ? child : String(child));
  return el;
}

const day = (t) => (t ? String(t).slice(0, 10) : '');
const when = (t) => (t ? String(t).slice(0, 16).replace('T', ' ') + ' UTC' : '');
const signed = (n) => (n > 0 ? '+' + n : String(n));
const key = (k) => (k ? k.source + '/' + k.id : '');
const plural = (n, one, many) => n + ' ' + (n === 1 ? one : many || one + 's');

function table(headers, rows, caption) {
  return h('div', { class: 'scroll' }, h('table', {},
    caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col', class: x.num ? 'num' : null },
      x.label ?? x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => h('td', { class: headers[i]?.num ? 'num' : null },
      c)))))));
}

function section(title, ...children) {
  const id = 's-' + title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return h('section', { id: 'sec-' + id.slice(2), 'aria-labelledby': id }, h('h2', { id }, title), children);
}

function empty(text) {
  return h('p', { class: 'muted' }, text);
}

function say(text) {
  document.getElementById('status').textContent = text;
}

// ------------------------------------------------------------------ the API

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function sentence(text) {
  const t = String(text).trim();
  const first = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : first + '.';
}

/** A problem+json answer as plain sentences naming the field and the rule. */
function describe(status, problem) {
  if (status === 401) return 'This key was not accepted: it is unknown or was revoked. Sign in with a valid key.';
  if (status === 403) return sentence('This key may not do that' + (problem?.detail ? ': ' + problem.detail : ''));
  if (status === 429) return 'Too many requests with this key. Wait a moment and try again.';
  if (!problem || typeof problem !== 'object') return `The server could not do that (HTTP ${status}).`;
  const parts = [sentence(problem.detail || problem.title || `The request failed (HTTP ${status})`)];
  for (const p of problem.problems || []) {
    const line = p.path ? `"${p.path}" ${p.message}` : p.message;
    if (!parts[0].includes(p.message)) parts.push(sentence(line));
  }
  return parts.join(' ');
}

async function api(method, path, body, type = 'application/json') {
  const headers = { Accept: 'application/json' };
  const k = sessionStorage.getItem(KEY);
  if (k) headers.Authorization = 'Bearer ' + k;
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = type;
    payload = type === 'application/json' ? JSON.stringify(body) : body;
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body: payload });
  } catch (e) {
    throw new ApiError(0, 'The server could not be reached. Check that Credence is running, then try again.');
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (!res.ok) throw new ApiError(res.status, describe(res.status, data));
  return data;
}

function showError(error) {
  const box = document.getElementById('alert');
  box.textContent = error instanceof ApiError ? error.message
    : 'Something went wrong in this page. Reload it and try again.';
  box.hidden = false;
  if (!(error instanceof ApiError)) console.error(error);
}

function clearError() {
  const box = document.getElementById('alert');
  box.hidden = true;
  box.textContent = '';
}

/** Runs an action from a button or form: clears the old error, shows a new one as a sentence. */
async function act(fn) {
  clearError();
  try {
    await fn();
  } catch (e) {
    showError(e);
  }
}

// ------------------------------------------------------------------ charts (inline SVG)

function lineChart(points, label) {
  const W = 640, H = 220, L = 48, R = 12, T = 12, B = 28;
  const scores = points.map((p) => p.score);
  let lo = Math.min(...scores), hi = Math.max(...scores);
  if (lo === hi) { lo -= 10; hi += 10; }
  const x = (i) => L + (i * (W - L - R)) / Math.max(1, points.length - 1);
  const y = (v) => T + ((hi - v) * (H - T - B)) / (hi - lo);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': label });
  for (const v of [lo, Math.round((lo + hi) / 2), hi]) {
    svg.append(s('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid' }));
    svg.append(s('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  }
  const step = Math.max(1, Math.floor(points.length / 6));
  points.forEach((p, i) => {
    if (i % step === 0 || i === points.length - 1) {
      svg.append(s('text', { x: x(i), y: H - 8, 'text-anchor': 'middle' }, day(p.at).slice(0, 7)));
    }
  });
  svg.append(s('polyline', { class: 'line', points: points.map((p, i) => `${x(i)},${y(p.score)}`).join(' ') }));
  return svg;
}

/** Merges histogram buckets ([[lower, count], ...], width w) into at most `bins` bars over [lo, hi]. */
function rebin(counts, w, lo, hi, bins) {
  const width = Math.max(w, Math.ceil((hi - lo + w) / bins / w) * w);
  const out = new Map();
  for (let b = Math.floor(lo / width) * width; b <= hi; b += width) out.set(b, 0);
  for (const [bucket, n] of counts) {
    const b = Math.floor(bucket / width) * width;
    out.set(b, (out.get(b) || 0) + n);
  }
  return { width, bars: [...out.entries()].sort((a, b) => a[0] - b[0]) };
}

function histogramChart(series, w, label) {
  const all = series.flatMap((x) => x.counts.map((c) => c[0]));
  if (all.length === 0) return empty('No subjects.');
  const lo = Math.min(...all), hi = Math.max(...all);
  const binned = series.map((x) => ({ ...x, ...rebin(x.counts, w, lo, hi, 24) }));
  const width = Math.max(...binned.map((b) => b.width));
  const sets = series.map((x) => rebin(x.counts, width, lo, hi, 24).bars);
  const max = Math.max(1, ...sets.flatMap((bars) => bars.map((b) => b[1])));
  const n = sets[0].length;
  const W = 640, H = 220, L = 48, R = 12, T = 12, B = 28;
  const slot = (W - L - R) / n;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': label });
  svg.append(s('text', { x: L - 6, y: T + 8, 'text-anchor': 'end' }, String(max)));
  svg.append(s('text', { x: L - 6, y: H - B, 'text-anchor': 'end' }, '0'));
  sets.forEach((bars, k) => {
    bars.forEach(([bucket, count], i) => {
      const bh = ((H - T - B) * count) / max;
      const bw = slot / sets.length - 1;
      svg.append(s('rect', { x: L + i * slot + k * (slot / sets.length), y: H - B - bh, width: Math.max(1, bw),
        height: bh, class: series[k].cls }, s('title', {}, `${series[k].name}: ${count} with ${bucket} to ${bucket + width - 1}`)));
    });
  });
  const step = Math.max(1, Math.floor(n / 6));
  sets[0].forEach(([bucket], i) => {
    if (i % step === 0) svg.append(s('text', { x: L + i * slot, y: H - 8 }, String(bucket)));
  });
  const rows = sets[0].map(([bucket], i) => [`${bucket} to ${bucket + width - 1}`, ...sets.map((bars) => bars[i][1])]);
  return h('div', {}, series.length > 1 ? h('p', { class: 'legend' }, series.map((x) =>
    h('span', {}, h('span', { class: 'swatch ' + x.cls, 'aria-hidden': 'true' }), x.name))) : null, svg,
  h('details', {}, h('summary', {}, 'The figures'), table([{ label: 'Score' },
    ...series.map((x) => ({ label: x.name, num: true }))], rows, label)));
}

function barChart(items, label) {
  const W = 640, H = 220, L = 48, R = 12, T = 12, B = 28;
  const max = Math.max(1, ...items.map((i) => i.value));
  const slot = (W - L - R) / Math.max(1, items.length);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': label });
  items.forEach((item, i) => {
    const bh = ((H - T - B) * item.value) / max;
    svg.append(s('rect', { x: L + i * slot + 4, y: H - B - bh, width: slot - 8, height: bh, class: 'barfill' },
      s('title', {}, `${item.name}: ${item.value}`)));
    svg.append(s('text', { x: L + i * slot + slot / 2, y: H - 8, 'text-anchor': 'middle' }, item.name));
    svg.append(s('text', { x: L + i * slot + slot / 2, y: H - B - bh - 4, 'text-anchor': 'middle' }, String(item.value)));
  });
  return svg;
}

// ------------------------------------------------------------------ sign-in and navigation

const PAGES = {
  subject: [['/me', 'My standing']],
  reviewer: [['/review', 'Review queue']],
  operator: [['/console', 'Console'], ['/check', 'Decisions']],
  provider: [['/check', 'Decisions']],
  source: [['/', 'Home']],
};

function go(path) {
  history.pushState(null, '', path);
  render();
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-nav]');
  if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
    event.preventDefault();
    go(link.getAttribute('href'));
  }
});
window.addEventListener('popstate', () => render());

function signInPage(reason) {
  document.getElementById('nav').replaceChildren();
  document.getElementById('who').replaceChildren();
  const input = h('input', { id: 'key', name: 'key', type: 'password', autocomplete: 'off', required: true,
    'aria-describedby': 'key-help' });
  const form = h('form', { class: 'signin', id: 'signin', onsubmit: (e) => {
    e.preventDefault();
    act(async () => {
      sessionStorage.setItem(KEY, input.value.trim());
      try {
        await api('GET', '/v1/me');
      } catch (err) {
        sessionStorage.removeItem(KEY);
        throw err;
      }
      render();
    });
  } },
  h('label', { for: 'key' }, 'API key'), input,
  h('p', { id: 'key-help', class: 'muted' }, 'Your key is kept in this browser tab only, and forgotten when you close it.'),
  h('button', { type: 'submit' }, 'Sign in'));
  main.replaceChildren(h('h1', {}, 'Sign in to Credence'), reason ? h('p', {}, reason) : null, form,
    h('p', {}, 'Anyone may read the published rulebook and the transparency report without a key: ',
      h('a', { href: '/v1/rulebook' }, 'rulebook'), ', ', h('a', { href: '/v1/transparency' }, 'transparency'), '.'));
  main.querySelector('h1').focus?.();
  input.focus();
}

function signOut() {
  sessionStorage.removeItem(KEY);
  history.pushState(null, '', '/');
  render();
}

function chrome(me, path) {
  const nav = document.getElementById('nav');
  nav.replaceChildren(...(PAGES[me.role] || []).map(([href, text]) =>
    h('a', { href, 'data-nav': true, 'aria-current': href === path ? 'page' : null }, text)));
  document.getElementById('who').replaceChildren(
    h('span', {}, 'Signed in as ', h('strong', {}, me.label), ' (' + me.key + ')'),
    h('button', { type: 'button', class: 'secondary', onclick: signOut }, 'Sign out'));
}

async function render() {
  clearError();
  if (!sessionStorage.getItem(KEY)) return signInPage();
  let me;
  try {
    me = await api('GET', '/v1/me');
  } catch (e) {
    if (e.status === 401) {
      sessionStorage.removeItem(KEY);
      return signInPage(e.message);
    }
    main.replaceChildren(h('h1', { tabindex: '-1' }, 'Credence'));
    return showError(e);
  }
  const allowed = (PAGES[me.role] || [['/', 'Home']]).map((p) => p[0]);
  let path = location.pathname;
  if (!allowed.includes(path)) {
    path = allowed[0];
    history.replaceState(null, '', path);
  }
  chrome(me, path);
  main.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  try {
    const page = { '/me': subjectPage, '/review': reviewPage, '/console': consolePage, '/check': checkPage,
      '/': sourcePage }[path];
    await page(me);
  } catch (e) {
    showError(e);
  }
  const h1 = main.querySelector('h1');
  if (h1) {
    h1.setAttribute('tabindex', '-1');
    h1.focus();
  }
}

// ------------------------------------------------------------------ subject: /me

async function subjectPage(me) {
  const id = encodeURIComponent(me.subject);
  const [explanation, file, history, notices, reports, toRate, ratings, rulebook] = await Promise.all([
    api('GET', `/v1/subjects/${id}/explanation`),
    api('GET', `/v1/subjects/${id}/file`),
    api('GET', `/v1/subjects/${id}/history?points=37`),
    api('GET', `/v1/subjects/${id}/notices`),
    api('GET', `/v1/subjects/${id}/reports`),
    api('GET', `/v1/subjects/${id}/interactions`),
    api('GET', `/v1/subjects/${id}/ratings`),
    api('GET', '/v1/rulebook'),
  ]);
  const progress = explanation.progress || {};
  const fileEvents = new Map(file.events.map((e) => [key(e.event), e]));
  const next = progress.next_tier
    ? `${progress.points_to_next_tier} points to tier ${progress.next_tier}`
    : 'You are in the top tier';

  const summary = h('div', { class: 'cards', id: 'summary' },
    h('div', { class: 'card' }, 'Score', h('span', { class: 'big', id: 'score' }, explanation.score)),
    h('div', { class: 'card' }, 'Tier', h('span', { class: 'big', id: 'tier' }, explanation.tier)),
    h('div', { class: 'card' }, 'Next tier', h('span', { class: 'big', id: 'next' }, next)),
    h('div', { class: 'card' }, 'Lists', h('span', { class: 'big', id: 'lists' },
      explanation.lists.length ? explanation.lists.join(', ') : 'none')));

  const expiries = (progress.expiries || []).map((x) => h('li', {},
    `On ${day(x.on)}, ${signed(x.points)} points from ${x.type} (${key(x.event)}) stop counting.`));

  const events = explanation.events.slice().reverse().map((e) => eventRow(me, e, fileEvents.get(key(e.event))));

  const listEntries = explanation.list_entries.map((l) => h('div', { class: 'item' },
    h('h3', {}, l.list), h('p', {}, l.description),
    h('p', {}, `Because of ${l.type} (${key(l.basis)}), since ${day(l.since)}, until ${day(l.until)} at the latest.`),
    h('p', {}, h('strong', {}, 'What lifts it: '), l.lifted_by || 'its end date'),
    l.effective ? null : h('p', {}, `It affects decisions only from ${day(l.effective_from)} (notice period).`)));

  const decisions = file.decisions.slice().reverse().map((d) => decisionItem(d));

  main.replaceChildren(
    h('h1', {}, 'Your standing'),
    h('p', {}, `Subject ${me.subject}, under rulebook ${explanation.rulebook.name} version ${explanation.rulebook.version}, at ${when(explanation.at)}.`),
    summary,
    section('What expires when', expiries.length ? h('ul', { id: 'expiries' }, expiries)
      : empty('No penalty or bonus is counting now, so nothing is due to expire.')),
    section('Your score over the last three years',
      lineChart(history.points, `Score from ${day(history.from)} to ${day(history.to)}: from ${history.points[0].score} to ${history.points[history.points.length - 1].score}`),
      h('details', {}, h('summary', {}, 'The figures'), table(['Date', { label: 'Score', num: true }, 'Tier', 'Lists'],
        history.points.map((p) => [day(p.at), p.score, p.tier, p.lists.join(', ')]), 'Score history'))),
    section('Lists you are on', listEntries.length ? listEntries : empty('You are on no list.')),
    section('Your record', h('p', {}, 'Each event recorded about you, newest first, with what it does to your score now and why. You may dispute any record you believe is wrong; a reviewer must answer.'),
      events.length ? h('div', { id: 'events' }, events) : empty('Nothing is recorded about you.')),
    section('Decisions about you', decisions.length ? decisions : empty('No service has asked about you yet.')),
    section('Notices', notices.notices.length ? h('ul', { id: 'notices' }, notices.notices.slice().reverse()
      .map((n) => h('li', {}, h('span', { class: 'pill' }, n.kind), ' ', when(n.at), ': ', n.text)))
      : empty('No notices.')),
    section('Who looked at your file', inquiriesTable(file.inquiries)),
    section('Your reports', reportsBlock(me, reports.reports, rulebook)),
    section('Ratings', ratingsBlock(me, toRate.interactions, ratings)));
}

function eventRow(me, e, filed) {
  const actions = filed?.actions || [];
  const item = h('div', { class: 'item', 'data-event': key(e.event) },
    h('h3', {}, `${e.type} on ${day(e.at)}`, ' ', h('span', { class: 'pill' }, e.effect)),
    h('p', {}, e.sentence),
    h('p', { class: 'muted' }, `Record ${key(e.event)}` + (e.points ? `; ${signed(e.points)} points` : '')));
  if (e.dispute) {
    item.append(h('p', { class: 'disputed' }, h('strong', {}, 'Disputed: '), `"${e.dispute.statement}", opened ${day(e.dispute.opened)}`,
      e.dispute.deadline ? `; a reviewer must answer by ${day(e.dispute.deadline)}, or the record is withdrawn.` : '.'));
  }
  const buttons = h('div', { class: 'actions' });
  if (actions.includes('dispute')) {
    buttons.append(h('button', { type: 'button', class: 'secondary', onclick: () => disputeForm(item, e) },
      `Dispute ${e.type}`));
  }
  if (actions.includes('repair')) {
    buttons.append(' ', h('button', { type: 'button', class: 'secondary', onclick: () => act(async () => {
      const r = await api('POST', '/v1/repairs', { event: e.event });
      say(`Repair ${r.id} requested.`);
      await render();
    }) }, `Ask to repair ${e.type}`));
  }
  item.append(buttons);
  return item;
}

function disputeForm(item, e) {
  if (item.querySelector('form')) return;
  const fid = 'statement-' + key(e.event).replace(/[^A-Za-z0-9]/g, '-');
  const text = h('textarea', { id: fid, name: 'statement', rows: 3, required: true, maxlength: 10000 });
  const submit = h('button', { type: 'submit', disabled: true }, 'Send the dispute');
  text.addEventListener('input', () => { submit.disabled = text.value.trim() === ''; });
  const form = h('form', { class: 'dispute', onsubmit: (ev) => {
    ev.preventDefault();
    act(async () => {
      const d = await api('POST', '/v1/disputes', { event: e.event, statement: text.value.trim() });
      say(`Dispute ${d.id} is open.`);
      await render();
    });
  } }, h('label', { for: fid }, `What is wrong with ${key(e.event)}?`), text, ' ', submit, ' ',
  h('button', { type: 'button', class: 'secondary', onclick: () => form.remove() }, 'Cancel'));
  item.append(form);
  text.focus();
}

function decisionItem(d) {
  const item = h('div', { class: 'item' },
    h('h3', {}, `${d.domain}: `, h('span', { class: d.allowed ? 'ok' : 'bad' }, d.allowed ? 'allowed' : 'denied'),
      ` on ${day(d.at)}`),
    d.reasons && d.reasons.length ? h('p', {}, 'Because: ' + d.reasons.join('; ')) : null,
    h('p', { class: 'muted' }, `Decision ${d.decision}` + (d.review !== 'none' ? `; review: ${d.review}` : '')));
  if (!d.allowed && d.review === 'none') {
    const fid = 'review-' + d.decision;
    const text = h('textarea', { id: fid, rows: 2, required: true, maxlength: 10000 });
    const submit = h('button', { type: 'submit', disabled: true }, 'Ask for a human review');
    text.addEventListener('input', () => { submit.disabled = text.value.trim() === ''; });
    item.append(h('form', { onsubmit: (ev) => {
      ev.preventDefault();
      act(async () => {
        await api('POST', `/v1/decisions/${encodeURIComponent(d.decision)}/review`, { statement: text.value.trim() });
        say('Review requested.');
        await render();
      });
    } }, h('label', { for: fid }, 'Why should a person look at this again?'), text, ' ', submit));
  }
  return item;
}

function inquiriesTable(inquiries) {
  if (!inquiries.length) return empty('Nobody has looked at your file yet.');
  const recent = inquiries.slice(-50).reverse();
  return h('div', {}, h('p', {}, `${plural(inquiries.length, 'look')} in all; the latest ${recent.length}:`),
    table(['When', 'Who', 'Role', 'What', 'Domain', 'Outcome'], recent.map((i) =>
      [when(i.at), i.who, i.role, i.what, i.domain || '', i.outcome || '']), 'Who looked at your file'));
}

function reportsBlock(me, reports, rulebook) {
  const out = h('div', { id: 'reports' });
  out.append(reports.length ? table(['Filed', 'About', 'Type', 'Status', 'Reason'], reports.map((r) =>
    [day(r.filed), r.subject, r.type, r.status, r.reason || '']), 'Your reports')
    : empty('You have filed no reports.'));
  if (!rulebook.reportable_types.length) {
    out.append(h('p', { class: 'muted' }, 'The published rulebook takes no reports from the public.'));
    return out;
  }
  const subject = h('input', { id: 'r-subject', required: true });
  const type = h('select', { id: 'r-type' }, rulebook.reportable_types.map((t) => h('option', { value: t }, t)));
  const date = h('input', { id: 'r-at', type: 'date', required: true, max: new Date().toISOString().slice(0, 10) });
  const description = h('textarea', { id: 'r-description', rows: 3, required: true });
  const evidence = h('input', { id: 'r-evidence' });
  out.append(h('h3', {}, 'Report someone'),
    h('p', { class: 'muted' }, 'A report changes nothing until a reviewer accepts it. The person reported is never told who reported them.'),
    h('form', { onsubmit: (ev) => {
      ev.preventDefault();
      act(async () => {
        const r = await api('POST', '/v1/reports', { subject: subject.value.trim(), type: type.value,
          at: date.value + 'T12:00:00Z', description: description.value.trim(),
          evidence: evidence.value.trim() || undefined });
        say(`Report ${r.id} filed.`);
        await render();
      });
    } },
    h('div', { class: 'field' }, h('label', { for: 'r-subject' }, 'Subject'), subject),
    h('div', { class: 'field' }, h('label', { for: 'r-type' }, 'What happened'), type),
    h('div', { class: 'field' }, h('label', { for: 'r-at' }, 'When'), date),
    h('div', { class: 'field' }, h('label', { for: 'r-description' }, 'Description'), description),
    h('div', { class: 'field' }, h('label', { for: 'r-evidence' }, 'Evidence (optional link or reference)'), evidence),
    h('button', { type: 'submit' }, 'File the report')));
  return out;
}

function ratingsBlock(me, toRate, ratings) {
  const out = h('div', { id: 'ratings' });
  out.append(h('h3', {}, 'Ratings to give'));
  if (!toRate.length) out.append(empty('No interaction is waiting for your rating.'));
  for (const i of toRate) {
    const fid = 'stars-' + i.interaction.replace(/[^A-Za-z0-9]/g, '-');
    const stars = h('select', { id: fid }, [5, 4, 3, 2, 1].map((n) => h('option', { value: n }, plural(n, 'star'))));
    const comment = h('input', { id: fid + '-c', maxlength: 2000 });
    out.append(h('form', { class: 'item', onsubmit: (ev) => {
      ev.preventDefault();
      act(async () => {
        await api('POST', '/v1/ratings', { interaction: i.interaction, stars: Number(stars.value),
          comment: comment.value.trim() || undefined });
        say('Rating sent. It stays sealed until the other party rates or the window closes.');
        await render();
      });
    } }, h('p', {}, `${i.kind || 'Interaction'} with ${i.with} on ${day(i.at)}; you may rate until ${day(i.closes)}.`),
    h('label', { for: fid }, 'Stars'), stars, h('label', { for: fid + '-c' }, 'Comment (optional)'), comment, ' ',
    h('button', { type: 'submit' }, `Rate ${i.with}`)));
  }
  out.append(h('h3', {}, 'Ratings received'));
  const agg = ratings.aggregate;
  out.append(h('p', {}, agg ? `Your peer standing: ${Number(agg.rating).toFixed(2)} stars from ${agg.ratings} ratings (published ${day(agg.published)}).`
    : 'No peer standing has been published for you.'),
  h('p', { class: 'muted' }, `${plural(ratings.sealed, 'rating')} still sealed. Weighting: ${ratings.weighting.method}; no rater counts for more than ${Math.round(ratings.weighting.max_share_per_rater * 100)}%.`));
  if (ratings.ratings.length) {
    out.append(table(['When', 'Stars', 'Comment'], ratings.ratings.map((r) => [day(r.rated), r.stars, r.comment || '']),
      'Ratings received'));
  }
  return out;
}

// ------------------------------------------------------------------ reviewer: /review

async function reviewPage() {
  const [disputes, reports, repairs, reviews] = await Promise.all([
    api('GET', '/v1/disputes?status=open'),
    api('GET', '/v1/reports?status=pending'),
    api('GET', '/v1/repairs?status=pending'),
    api('GET', '/v1/reviews?status=open'),
  ]);
  main.replaceChildren(
    h('h1', {}, 'Review queue'),
    h('p', {}, `${plural(disputes.disputes.length, 'open dispute')}, ${plural(reports.reports.length, 'pending report')}, ${plural(repairs.repairs.length, 'repair request')}, ${plural(reviews.reviews.length, 'review request')}. Every decision needs a reason; the subject is told.`),
    section('Disputes, nearest deadline first', disputes.disputes.length ? disputes.disputes.map((d) =>
      queueItem(`Dispute ${d.id}`, [
        `${d.subject} disputes ${key(d.event)}: "${d.statement}"`,
        `Opened ${when(d.opened)}; ` + (d.deadline ? `deadline ${when(d.deadline)}, after which the record is withdrawn.` : 'no deadline in this rulebook.'),
      ], [['upheld', 'Uphold: the record stands'], ['overturned', 'Overturn: retract the record']],
      (outcome, reason) => api('POST', `/v1/disputes/${encodeURIComponent(d.id)}/resolution`, { outcome, reason }),
      () => subjectRecord(d.subject, d.event)))
      : empty('No open disputes.')),
    section('Reports', reports.reports.length ? reports.reports.map((r) => queueItem(`Report ${r.id}`, [
      `${r.reporter} reports ${r.subject} for ${r.type} on ${day(r.at)}: "${r.description}"`,
      r.evidence ? `Evidence: ${r.evidence}` : 'No evidence given.', `Filed ${when(r.filed)}.`,
    ], [['accepted', 'Accept: record the event'], ['rejected', 'Reject']],
    (outcome, reason) => api('POST', `/v1/reports/${encodeURIComponent(r.id)}/decision`, { outcome, reason })))
      : empty('No pending reports.')),
    section('Repair requests', repairs.repairs.length ? repairs.repairs.map((r) => queueItem(`Repair ${r.id}`, [
      `${r.subject} asks that ${r.type} (${key(r.event)}) stop counting.`, `Requested ${when(r.requested)}.`,
    ], [['approved', 'Approve: it stops counting now'], ['rejected', 'Reject']],
    (outcome, reason) => api('POST', `/v1/repairs/${encodeURIComponent(r.id)}/decision`, { outcome, reason })))
      : empty('No repair requests.')),
    section('Review requests', reviews.reviews.length ? reviews.reviews.map((r) => queueItem(`Review of ${r.decision}`, [
      `${r.subject} was denied ${r.domain}: ${(r.reasons || []).join('; ')}`, `They say: "${r.statement}"`,
      `Requested ${when(r.requested)}.`,
    ], [['granted', 'Grant until the date below'], ['declined', 'Decline']],
    (outcome, reason, until) => api('POST', `/v1/decisions/${encodeURIComponent(r.decision)}/review/resolution`,
      { outcome, reason, valid_until: outcome === 'granted' ? until + 'T23:59:59Z' : undefined }), null, true))
      : empty('No review requests.')));
}

function queueItem(title, lines, outcomes, submit, details, withDate) {
  const slug = title.replace(/[^A-Za-z0-9]+/g, '-');
  const reason = h('textarea', { id: slug + '-reason', rows: 2, required: true });
  const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
  const until = withDate ? h('input', { id: slug + '-until', type: 'date', min: tomorrow, value: new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10) }) : null;
  const buttons = outcomes.map(([outcome, text]) => h('button', { type: 'button', disabled: true, 'data-outcome': outcome,
    onclick: () => act(async () => {
      await submit(outcome, reason.value.trim(), until?.value);
      say(`${title}: ${outcome}.`);
      await render();
    }) }, text));
  const sync = () => buttons.forEach((b) => {
    b.disabled = reason.value.trim() === '' || (b.dataset.outcome === 'granted' && until && (!until.value || until.value < tomorrow));
  });
  reason.addEventListener('input', sync);
  until?.addEventListener('input', sync);
  const extra = h('div', {});
  return h('article', { class: 'item', 'aria-label': title }, h('h3', {}, title), lines.map((l) => h('p', {}, l)),
    details ? h('button', { type: 'button', class: 'secondary', onclick: () => act(async () => extra.replaceChildren(await details())) },
      'Show the record') : null, extra,
    h('label', { for: slug + '-reason' }, 'Reason (the subject reads it)'), reason,
    withDate ? [h('label', { for: slug + '-until' }, 'Valid until'), until] : null,
    h('div', { class: 'actions' }, buttons.flatMap((b) => [b, ' '])));
}

async function subjectRecord(subject, event) {
  const explanation = await api('GET', `/v1/subjects/${encodeURIComponent(subject)}/explanation`);
  const e = explanation.events.find((x) => key(x.event) === key(event));
  return h('div', {}, h('p', {}, e ? e.sentence : 'The record is not in the subject\'s explanation.'),
    e && Object.keys(e.data || {}).length ? h('p', { class: 'muted' }, 'Data: ' + JSON.stringify(e.data)) : null,
    h('p', {}, `${subject} now: score ${explanation.score}, tier ${explanation.tier}.`));
}

// ------------------------------------------------------------------ operator: /console

async function consolePage() {
  const [population, versions, rulebook, transparency] = await Promise.all([
    api('GET', '/v1/population'),
    api('GET', '/v1/rulebooks'),
    api('GET', '/v1/rulebook'),
    api('GET', '/v1/transparency'),
  ]);
  main.replaceChildren(
    h('h1', {}, 'Operator console'),
    h('div', { class: 'cards', id: 'population' },
      h('div', { class: 'card' }, 'Subjects', h('span', { class: 'big', id: 'subjects' }, population.subjects)),
      h('div', { class: 'card' }, 'Events', h('span', { class: 'big' }, population.events)),
      h('div', { class: 'card' }, 'Rulebook', h('span', { class: 'big' }, `${rulebook.name} v${rulebook.version}`))),
    section('The population by tier',
      barChart(population.tiers.map((t) => ({ name: t.tier, value: t.subjects })), 'Subjects per tier: '
        + population.tiers.map((t) => `${t.tier} ${t.subjects}`).join(', ')),
      table(['Tier', { label: 'Subjects', num: true }], population.tiers.map((t) => [t.tier, t.subjects]), 'Subjects per tier'),
      h('h3', {}, 'Scores'), histogramChart([{ name: 'Subjects', cls: 'after', counts: population.histogram.counts }],
        population.histogram.width, 'Histogram of current scores')),
    section('Lists', Object.keys(population.lists).length ? table(['List', { label: 'Subjects on it', num: true }],
      Object.entries(population.lists).map(([name, n]) => [name, n]), 'List sizes') : empty('This rulebook has no lists.')),
    section('Rulebook versions', rulebookBlock(versions.rulebooks, rulebook)),
    section('Try a candidate rulebook', simulateBlock(rulebook)),
    section('Ledger', verifyBlock()),
    section('Transparency', transparencyBlock(transparency)));
}

function lineDiff(a, b) {
  const x = a.split('\n'), y = b.split('\n');
  const n = x.length, m = y.length;
  const lcs = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) {
    lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) { out.push(['same', '  ' + x[i]]); i++; j++; }
    else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) { out.push(['add', '+ ' + y[j]]); j++; }
    else { out.push(['del', '- ' + x[i]]); i++; }
  }
  return out;
}

function rulebookBlock(versions, current) {
  const out = h('div', { id: 'versions' });
  out.append(table(['Version', 'Name', 'Published', 'By'], versions.map((v) => [v.version, v.name, when(v.published), v.by]),
    'Published versions'));
  const options = () => versions.map((v) => h('option', { value: v.version }, `version ${v.version}`));
  const from = h('select', { id: 'diff-from' }, options());
  const to = h('select', { id: 'diff-to' }, options());
  from.value = versions.length > 1 ? versions[versions.length - 2].version : versions[0]?.version;
  to.value = versions[versions.length - 1]?.version;
  const result = h('div', { id: 'diff', 'aria-live': 'polite' });
  out.append(h('form', { class: 'inline', onsubmit: (ev) => {
    ev.preventDefault();
    act(async () => {
      const [a, b] = await Promise.all([api('GET', `/v1/rulebooks/${from.value}`), api('GET', `/v1/rulebooks/${to.value}`)]);
      const diff = lineDiff(a.yaml, b.yaml);
      const changed = diff.filter((d) => d[0] !== 'same').length;
      result.replaceChildren(h('p', {}, changed ? `${plural(changed, 'line')} differ between version ${a.version} and version ${b.version}.`
        : `Versions ${a.version} and ${b.version} are the same.`),
      h('pre', { class: 'diff' }, diff.map(([kind, line]) => h('span', { class: kind }, line))));
    });
  } }, h('div', {}, h('label', { for: 'diff-from' }, 'From'), from), h('div', {}, h('label', { for: 'diff-to' }, 'To'), to),
  h('button', { type: 'submit' }, 'Compare')), result,
  h('details', {}, h('summary', {}, `The published YAML (version ${current.version})`), h('pre', { class: 'diff' }, current.yaml)));
  return out;
}

function simulateBlock(rulebook) {
  const yaml = h('textarea', { id: 'candidate', class: 'code', spellcheck: 'false' },
    rulebook.yaml.replace(/^version:\s*(\d+)/m, (m, v) => `version: ${Number(v) + 1}`));
  const at = h('input', { id: 'sim-at', type: 'date' });
  const result = h('div', { id: 'simulation', 'aria-live': 'polite' });
  let simulated = null;
  const publish = h('button', { type: 'button', id: 'publish', disabled: true, onclick: () => act(async () => {
    const r = await api('POST', '/v1/rulebooks', yaml.value, 'application/yaml');
    say(`Published ${r.name} version ${r.version}.`);
    await render();
  }) }, 'Publish this rulebook');
  yaml.addEventListener('input', () => { publish.disabled = yaml.value !== simulated; });
  const form = h('form', { onsubmit: (ev) => {
    ev.preventDefault();
    act(async () => {
      const query = at.value ? `?at=${at.value}T00:00:00Z` : '';
      result.replaceChildren(h('p', { class: 'muted' }, 'Simulating on the whole population…'));
      let report;
      try {
        report = await api('POST', '/v1/rulebooks/simulate' + query, yaml.value, 'application/yaml');
      } catch (e) {
        result.replaceChildren();
        simulated = null;
        publish.disabled = true;
        throw e;
      }
      simulated = yaml.value;
      publish.disabled = false;
      result.replaceChildren(simulationView(report));
      say('Simulation done.');
    });
  } }, h('label', { for: 'candidate' }, 'Candidate rulebook (YAML)'), yaml,
  h('div', { class: 'field' }, h('label', { for: 'sim-at' }, 'At (optional; default now)'), at),
  h('button', { type: 'submit' }, 'Simulate'), ' ', publish,
  h('p', { class: 'muted' }, 'Publishing is possible only for the exact text just simulated.'));
  return h('div', {}, form, result);
}

function simulationView(r) {
  const tiers = Object.entries(r.tiers);
  const fromTiers = Object.keys(r.transitions);
  const toTiers = [...new Set(Object.values(r.transitions).flatMap((row) => Object.keys(row)))];
  return h('div', {},
    h('p', { id: 'sim-summary' }, `${r.candidate.name} version ${r.candidate.version} against version ${r.published.version}, at ${when(r.at)}: ${plural(r.subjects, 'subject')}, ${r.scores_changed} of whose scores change.`),
    h('h3', {}, 'Subjects per tier'),
    table(['Tier', { label: 'Before', num: true }, { label: 'After', num: true }, { label: 'Change', num: true }],
      tiers.map(([name, c]) => [name, c.before, c.after, signed(c.after - c.before)]), 'Subjects per tier before and after'),
    h('h3', {}, 'Score histogram, before and after'),
    histogramChart([{ name: 'Before', cls: 'before', counts: r.histogram.before },
      { name: 'After', cls: 'after', counts: r.histogram.after }], r.histogram.width, 'Scores before and after'),
    h('h3', {}, 'Tier transitions (rows: before; columns: after)'),
    table(['From \\ to', ...toTiers.map((t) => ({ label: t, num: true }))],
      fromTiers.map((f) => [f, ...toTiers.map((t) => r.transitions[f][t] || 0)]), 'Tier transitions'),
    h('h3', {}, 'Lists'),
    table(['List', { label: 'Before', num: true }, { label: 'After', num: true }, { label: 'Entering', num: true },
      { label: 'Leaving', num: true }], Object.entries(r.lists).map(([n, c]) => [n, c.before, c.after, c.entering, c.leaving]),
    'List changes'),
    h('h3', {}, 'Decisions that would flip'),
    table(['Domain', { label: 'Allowed before', num: true }, { label: 'Allowed after', num: true },
      { label: 'Now denied', num: true }, { label: 'Now allowed', num: true }], Object.entries(r.decision_flips).map(([d, c]) =>
      [d, c.allowed_before, c.allowed_after, c.now_denied, c.now_allowed]), 'Decision flips'),
    h('h3', {}, 'Largest score moves'),
    r.largest_moves.length ? table(['Subject', { label: 'Before', num: true }, { label: 'After', num: true },
      { label: 'Change', num: true }, 'Tier'], r.largest_moves.map((m) => [m.subject, m.before, m.after, signed(m.delta),
      `${m.tier_before} → ${m.tier_after}`]), 'Largest score moves') : empty('No score changes.'));
}

function verifyBlock() {
  const result = h('p', { id: 'verify-result', 'aria-live': 'polite' });
  return h('div', {}, h('p', {}, 'Recompute the hash chain over every entry and compare it with the stored head.'),
    h('button', { type: 'button', id: 'verify', onclick: () => act(async () => {
      result.textContent = 'Verifying…';
      const v = await api('GET', '/v1/ledger/verify');
      result.textContent = v.intact ? `The ledger is intact: ${v.entries} entries, head ${String(v.head).slice(0, 16)}….`
        : `The ledger is NOT intact: the first bad entry is ${v.first_bad_entry}: ${v.problem}.`;
      result.className = v.intact ? 'ok' : 'bad';
    }) }, 'Verify the ledger'), result);
}

function transparencyBlock(t) {
  const months = Object.keys(t.months || {}).sort().slice(-12);
  if (!months.length) return empty('Nothing to report yet.');
  const metrics = [...new Set(months.flatMap((m) => Object.keys(t.months[m])))].sort();
  const extra = Object.entries(t).filter(([k]) => !['months', 'rulebook', 'suppressed_below'].includes(k));
  return h('div', {}, h('p', {}, `The last ${months.length} months; counts below ${t.suppressed_below} are shown as "<${t.suppressed_below}". This report is public.`),
    table(['Figure', ...months.map((m) => ({ label: m, num: true }))], metrics.map((k) => [k, ...months.map((m) => t.months[m][k] ?? 0)]),
      'Monthly transparency figures'),
    extra.length ? h('ul', {}, extra.map(([k, v]) => h('li', {}, `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`))) : null);
}

// ------------------------------------------------------------------ provider and operator: /check

async function checkPage(me) {
  const rulebook = await api('GET', '/v1/rulebook');
  const domains = me.domains || rulebook.domains;
  const subject = h('input', { id: 'c-subject', required: true });
  const domain = h('select', { id: 'c-domain' }, domains.map((d) => h('option', { value: d }, d)));
  const result = h('div', { id: 'decision', 'aria-live': 'polite' });
  main.replaceChildren(h('h1', {}, 'Ask for a decision'),
    h('p', {}, 'The answer says whether the person may use the service, and why. The person sees that you asked.'),
    h('form', { class: 'inline', onsubmit: (ev) => {
      ev.preventDefault();
      act(async () => {
        const d = await api('POST', '/v1/decisions', { subject: subject.value.trim(), domain: domain.value });
        result.replaceChildren(h('p', { class: d.allowed ? 'ok' : 'bad' }, h('strong', {}, d.allowed ? 'Allowed' : 'Denied'),
          ` for ${d.subject} in ${d.domain}.`),
        d.reasons.length ? h('ul', {}, d.reasons.map((r) => h('li', {}, r))) : null,
        d.benefits.length ? h('p', {}, 'Benefits: ' + d.benefits.join(', ')) : null,
        d.allowed ? null : h('p', { class: 'muted' }, 'The person has been notified and may ask for a human review.'),
        h('p', { class: 'muted' }, `Decision ${d.decision}.`));
      });
    } }, h('div', {}, h('label', { for: 'c-subject' }, 'Subject'), subject),
    h('div', {}, h('label', { for: 'c-domain' }, 'Service'), domain), h('button', { type: 'submit' }, 'Decide')), result);
}

// ------------------------------------------------------------------ source: /

async function sourcePage(me) {
  main.replaceChildren(h('h1', {}, 'Credence'),
    h('p', {}, `This key reports events for the source "${me.source}" through the API (POST /v1/events). There is nothing in the UI for it to see: events are read by their subjects, reviewers and operators.`));
}

render();
