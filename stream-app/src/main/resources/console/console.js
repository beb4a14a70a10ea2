// Vigil review console. Plain JS, no build step, no dependencies.
//
// Post text and every other field that comes from the queue is attacker-controlled: it only ever reaches the
// page as DOM text (textContent, createTextNode) or as DOM properties, never as HTML. The server's
// Content-Security-Policy forbids inline script and eval as a second line of defence.
//
// Every string the console shows comes from the message tables in messages.js (one per language), through t().
'use strict';

// ---- visible text ----
// Bidirectional controls (embeddings, overrides, isolates, marks) reorder what is shown without being seen: a post
// id "ok\u202Egnp.exe" would read "okexe.png". Every string the page shows goes through visibleControls, which
// replaces each of them with a visible token such as "⟨U+202E⟩" (still as text, never as HTML).
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
function visibleControls(value) {
  return String(value).replace(
    BIDI_CONTROLS,
    (c) => '\u27E8U+' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0') + '\u27E9'
  );
}
// ---- end visible text ----

(function () {
  const MESSAGES = window.VIGIL_MESSAGES || { en: {} };
  const LANGS = Object.keys(MESSAGES);

  const state = {
    me: null,
    csrf: null,
    lang: 'en',
    page: 'queue',
    items: [],
    total: 0,
    selectedId: null,
    slaSeconds: 3600,
    clockOffsetMs: 0,
    busy: false,
    filters: { queue: '', category: '', rule: '', channel: '', age: '', sort: 'oldest', q: '' },
    pack: { version: '', rules: {}, categories: {}, reasons: [] },
    // The open post's content: fetched once per selection (each fetch is an audited read), kept while it stays
    // selected. { postId, text, masked, revealed, error, lang, channel, createdAt }
    content: null,
    loadingId: null,
    similar: { postId: null, items: [] },
    // The open post's author's history (counts; fetched once per selection, each fetch audited).
    history: { postId: null, data: null, error: null },
    pendingG: false,
  };

  const $ = (id) => document.getElementById(id);

  // ---- messages ----

  function chooseLanguage() {
    let saved = null;
    try {
      saved = window.localStorage.getItem('vigil.lang');
    } catch (e) {
      saved = null;
    }
    if (saved && MESSAGES[saved]) return saved;
    for (const l of navigator.languages || [navigator.language || 'en']) {
      const tag = String(l).toLowerCase();
      if (tag.startsWith('zh')) return 'zh-CN';
      if (tag.startsWith('en')) return 'en';
    }
    return 'en';
  }

  // The message `key` in the current language (English when a table lacks it), {name}s filled from `params`.
  function t(key, params) {
    const table = MESSAGES[state.lang] || {};
    let s = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : (MESSAGES.en || {})[key];
    if (s == null) s = key;
    if (params) {
      s = s.replace(/\{(\w+)\}/g, (m, name) => (params[name] == null ? '' : String(params[name])));
    }
    return s;
  }

  function applyLanguage() {
    document.documentElement.lang = state.lang;
    document.title = visibleControls(t('app.title'));
    for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = visibleControls(t(e.dataset.i18n));
    for (const e of document.querySelectorAll('[data-i18n-aria-label]')) {
      e.setAttribute('aria-label', t(e.dataset.i18nAriaLabel));
    }
    $('lang').value = state.lang;
    if (state.me) {
      showWho();
      renderCategories();
      renderReasons();
      renderQueue();
      const item = current();
      if (item) showItem(item, true);
      renderSimilar();
      renderHistory();
    }
  }

  $('lang').addEventListener('change', () => {
    state.lang = MESSAGES[$('lang').value] ? $('lang').value : 'en';
    try {
      window.localStorage.setItem('vigil.lang', state.lang);
    } catch (e) {
      // a browser without storage keeps the choice for this page only
    }
    applyLanguage();
  });

  function setText(el, value) {
    el.textContent = value == null ? '' : visibleControls(value);
  }

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = visibleControls(text);
    return e;
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json', 'X-Requested-By': 'vigil-console' };
    if (state.csrf) headers['X-CSRF-Token'] = state.csrf;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = null;
    if (res.status !== 204) {
      try {
        data = await res.json();
      } catch (e) {
        data = null;
      }
    }
    return { status: res.status, data: data || {} };
  }

  function errorOf(r) {
    return t('status.failed', { error: r.data.error || r.data.message || '', status: r.status });
  }

  // ---- time and SLA ----

  function serverNow() {
    return Date.now() + state.clockOffsetMs;
  }

  function ageSeconds(item) {
    const at = Date.parse(item.enqueuedAt);
    return Number.isFinite(at) ? Math.max(0, Math.floor((serverNow() - at) / 1000)) : 0;
  }

  function formatAge(s) {
    if (s < 60) return s + 's';
    if (s < 3600) return Math.floor(s / 60) + 'm ' + String(s % 60).padStart(2, '0') + 's';
    if (s < 86400) return Math.floor(s / 3600) + 'h ' + String(Math.floor((s % 3600) / 60)).padStart(2, '0') + 'm';
    return Math.floor(s / 86400) + 'd ' + Math.floor((s % 86400) / 3600) + 'h';
  }

  function slaClass(s) {
    if (s >= state.slaSeconds) return 'age overdue';
    if (s >= state.slaSeconds / 2) return 'age warn';
    return 'age ok';
  }

  function formatTime(iso) {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString(state.lang);
  }

  // ---- login ----

  async function boot() {
    state.lang = chooseLanguage();
    applyLanguage();
    const r = await api('GET', '/api/session');
    if (r.status === 200) {
      signedIn(r.data);
    } else {
      showLogin();
    }
  }

  function showLogin() {
    state.me = null;
    state.csrf = null;
    for (const id of ['console', 'audit-page', 'breaker-page', 'pages', 'logout']) $(id).hidden = true;
    setText($('whoami'), '');
    $('login').hidden = false;
    $('login-name').focus();
  }

  function roleLabel(role) {
    return t('role.' + role);
  }

  function showWho() {
    setText($('whoami'), state.me.user + ' (' + roleLabel(state.me.role) + ')');
  }

  function signedIn(me) {
    state.me = me;
    state.csrf = me.csrfToken || null;
    showWho();
    $('login').hidden = true;
    $('logout').hidden = false;
    $('pages').hidden = false;
    const senior = me.role === 'senior' || me.role === 'admin' || me.role === 'auditor';
    $('queue-select-label').hidden = !senior;
    $('revert-panel').hidden = !(me.role === 'senior' || me.role === 'admin');
    $('nav-audit').hidden = !senior;
    showPage('queue');
    loadPack();
  }

  $('login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setText($('login-error'), '');
    const r = await api('POST', '/api/session', {
      name: $('login-name').value,
      password: $('login-password').value,
    });
    $('login-password').value = '';
    if (r.status === 200) {
      signedIn(r.data);
    } else {
      setText($('login-error'), r.data.error || t('login.failed', { status: r.status }));
    }
  });

  $('logout').addEventListener('click', async () => {
    await api('DELETE', '/api/session');
    showLogin();
  });

  // ---- pages ----

  function showPage(page) {
    if (page === 'audit' && $('nav-audit').hidden) return;
    state.page = page;
    $('console').hidden = page !== 'queue';
    $('audit-page').hidden = page !== 'audit';
    $('breaker-page').hidden = page !== 'breaker';
    for (const b of document.querySelectorAll('#pages button')) {
      if (b.dataset.page === page) b.setAttribute('aria-current', 'page');
      else b.removeAttribute('aria-current');
    }
    if (page === 'queue') refresh();
    if (page === 'audit') {
      loadAudit();
      $('audit-actor').focus();
    }
    if (page === 'breaker') loadBreaker();
  }

  for (const b of document.querySelectorAll('#pages button')) {
    b.addEventListener('click', () => showPage(b.dataset.page));
  }

  // ---- the pack: rule descriptions, categories, canned reasons ----

  async function loadPack() {
    const r = await api('GET', '/api/pack');
    if (r.status !== 200) return;
    state.pack = {
      version: r.data.version || '',
      rules: r.data.rules || {},
      categories: r.data.categories || {},
      reasons: Array.isArray(r.data.reasons) ? r.data.reasons : [],
    };
    renderCategories();
    const list = $('rule-ids');
    list.replaceChildren();
    for (const id of Object.keys(state.pack.rules).sort()) {
      const o = document.createElement('option');
      o.value = id;
      list.appendChild(o);
    }
    renderReasons();
  }

  function renderCategories() {
    const sel = $('filter-category');
    const chosen = sel.value;
    sel.replaceChildren();
    const any = el('option', null, t('filter.any'));
    any.value = '';
    sel.appendChild(any);
    for (const name of Object.keys(state.pack.categories).sort()) {
      const o = el('option', null, name);
      o.value = name;
      sel.appendChild(o);
    }
    sel.value = chosen;
  }

  function reasonLabel(r) {
    return (r.labels && (r.labels[state.lang] || r.labels.en)) || r.key;
  }

  // The reasons that fit the open post's categories, grouped by the decision they are for.
  function renderReasons() {
    const sel = $('reason-key');
    const chosen = sel.value;
    sel.replaceChildren();
    const none = el('option', null, t('reason.none'));
    none.value = '';
    sel.appendChild(none);
    const item = current();
    const cats = item ? item.categories || [] : [];
    const fits = (r) =>
      r.category === 'any' ||
      cats.length === 0 ||
      cats.some((c) => c === r.category || c.split('/')[0] === r.category || c.startsWith(r.category + '/'));
    for (const action of ['reject', 'approve']) {
      const group = document.createElement('optgroup');
      group.label = t(action === 'reject' ? 'reason.rejectGroup' : 'reason.approveGroup');
      for (const r of state.pack.reasons) {
        if (r.action !== action || !fits(r)) continue;
        const o = el('option', null, reasonLabel(r));
        o.value = r.key;
        group.appendChild(o);
      }
      if (group.children.length) sel.appendChild(group);
    }
    sel.value = Array.from(sel.options).some((o) => o.value === chosen) ? chosen : '';
    showBasis();
  }

  function chosenReason() {
    const key = $('reason-key').value;
    return key ? state.pack.reasons.find((r) => r.key === key) || null : null;
  }

  function showBasis() {
    const r = chosenReason();
    setText($('reason-basis'), r && r.legalBasis ? t('reason.basis', { basis: r.legalBasis }) : '');
  }

  $('reason-key').addEventListener('change', showBasis);

  // ---- queue ----

  function queryString() {
    const f = state.filters;
    const p = new URLSearchParams();
    if (f.queue) p.set('queue', f.queue);
    if (f.category) p.set('category', f.category);
    if (f.rule) p.set('rule', f.rule);
    if (f.channel) p.set('channel', f.channel);
    if (f.q) p.set('q', f.q);
    if (f.sort && f.sort !== 'oldest') p.set('sort', f.sort);
    const half = Math.floor(state.slaSeconds / 2);
    if (f.age === 'fresh') p.set('maxAge', String(Math.max(0, half - 1)));
    if (f.age === 'warn') p.set('minAge', String(half));
    if (f.age === 'overdue') p.set('minAge', String(state.slaSeconds));
    const s = p.toString();
    return s ? '?' + s : '';
  }

  async function refresh() {
    if (!state.me || state.page !== 'queue') return;
    const r = await api('GET', '/api/queue' + queryString());
    if (r.status === 401) {
      showLogin();
      return;
    }
    if (r.status !== 200) {
      status(t('queue.unavailable', { error: r.data.error || r.status }), true);
      return;
    }
    const now = Date.parse(r.data.now);
    if (Number.isFinite(now)) state.clockOffsetMs = now - Date.now();
    if (Number.isInteger(r.data.slaSeconds) && r.data.slaSeconds > 0) state.slaSeconds = r.data.slaSeconds;
    state.items = Array.isArray(r.data.items) ? r.data.items : [];
    state.total = Number.isInteger(r.data.total) ? r.data.total : state.items.length;
    renderQueue();
    const selected = current();
    if (state.selectedId && !selected) {
      showItem(null);
      status(t('queue.gone'), false);
      state.selectedId = null;
    } else if (selected) {
      showItem(selected, true);
    }
  }

  function current() {
    return state.items.find((i) => i.postId === state.selectedId) || null;
  }

  function renderQueue() {
    const list = $('queue-list');
    const hadFocus = list.contains(document.activeElement);
    list.replaceChildren();
    for (const item of state.items) {
      const li = el('li');
      li.dataset.postId = item.postId;
      li.tabIndex = item.postId === state.selectedId || (!state.selectedId && list.children.length === 0) ? 0 : -1;
      if (item.postId === state.selectedId) {
        li.className = 'selected';
        li.setAttribute('aria-current', 'true');
      }
      const head = el('div', 'row');
      head.appendChild(el('span', 'pid', item.postId));
      const age = ageSeconds(item);
      const a = el('span', slaClass(age), formatAge(age));
      a.dataset.enqueuedAt = item.enqueuedAt;
      head.appendChild(a);
      li.appendChild(head);
      const preview = el('div', 'preview');
      if (typeof item.preview === 'string') {
        renderText(preview, item.preview, item.matches || []);
      } else {
        setText(preview, t('queue.noPreview'));
      }
      li.appendChild(preview);
      const cats = (item.categories || []).join(', ') || t('queue.uncategorised');
      const facts = [cats, t('item.score', { score: Number(item.score).toFixed(2) })];
      if (item.channel) facts.push(item.channel);
      if (item.lang) facts.push(item.lang);
      if (item.reportCount > 0) facts.push(t('queue.reported', { count: item.reportCount }));
      li.appendChild(el('div', 'cats', facts.join(' · ')));
      const claimed = item.claim ? t('queue.claimedBy', { user: item.claim.user }) : item.queue === 'senior' ? t('queue.escalated') : '';
      if (claimed) li.appendChild(el('div', 'claimed', claimed));
      li.addEventListener('click', () => select(item.postId));
      li.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          select(item.postId);
        }
      });
      list.appendChild(li);
    }
    setText($('queue-count'), t('queue.count', { shown: state.items.length, total: state.total }));
    if (hadFocus) focusSelected();
  }

  function focusSelected() {
    const li = document.querySelector('#queue-list li.selected') || document.querySelector('#queue-list li');
    if (li) li.focus({ preventScroll: false });
  }

  function select(postId) {
    state.selectedId = postId;
    if (state.content && state.content.error) state.content = null;
    status('', false);
    $('reason').value = '';
    $('reason-key').value = '';
    renderQueue();
    const item = current();
    showItem(item);
    renderReasons();
    loadSimilar(postId);
    loadHistory(postId);
    const li = document.querySelector('#queue-list li.selected');
    if (li) {
      li.scrollIntoView({ block: 'nearest' });
      li.focus({ preventScroll: true });
    }
  }

  function move(delta) {
    if (state.items.length === 0) return;
    let i = state.items.findIndex((x) => x.postId === state.selectedId);
    i = i < 0 ? 0 : Math.min(state.items.length - 1, Math.max(0, i + delta));
    select(state.items[i].postId);
  }

  function readFilters() {
    state.filters = {
      queue: $('queue-select').value,
      category: $('filter-category').value,
      rule: $('filter-rule').value.trim(),
      channel: $('filter-channel').value.trim(),
      age: $('filter-age').value,
      sort: $('filter-sort').value,
      q: $('filter-q').value.trim(),
    };
  }

  $('filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    readFilters();
    refresh();
  });
  for (const id of ['queue-select', 'filter-category', 'filter-age', 'filter-sort']) {
    $(id).addEventListener('change', () => {
      readFilters();
      refresh();
    });
  }
  $('filter-clear').addEventListener('click', () => {
    for (const id of ['filter-rule', 'filter-channel', 'filter-q']) $(id).value = '';
    for (const id of ['queue-select', 'filter-category', 'filter-age']) $(id).value = '';
    $('filter-sort').value = 'oldest';
    readFilters();
    refresh();
  });

  // ---- item view ----

  function showItem(item, keepStatus) {
    $('empty').hidden = !!item;
    $('item').hidden = !item;
    if (!item) return;
    setText($('item-id'), item.postId);
    setText($('item-categories'), (item.categories || []).join(', '));
    const origin = { revert: 'item.origin.revert', report: 'item.origin.report', rescan: 'item.origin.rescan' }[item.origin];
    setText(
      $('item-queue'),
      item.queue + (origin ? ' · ' + t(origin) : '') + (item.reportCount > 0 ? ' · ' + t('item.reporters', { count: item.reportCount }) : '')
    );
    updateSla();
    setText(
      $('item-claim'),
      item.claim
        ? t('item.claimedUntil', { user: item.claim.user, time: new Date(item.claim.until).toLocaleTimeString(state.lang) })
        : t('item.notClaimed')
    );
    const c = state.content && state.content.postId === item.postId ? state.content : null;
    const facts = [t('item.score', { score: Number(item.score).toFixed(2) })];
    // The classifier's own probability, where it was consulted: beside a rule hit it says whether the
    // model agrees; decisions made before it was kept have none.
    if (typeof item.modelScore === 'number') facts.push(t('item.model', { p: item.modelScore.toFixed(3) }));
    if (item.rulePackVersion) facts.push(t('item.pack', { version: item.rulePackVersion }));
    const channel = (c && c.channel) || item.channel;
    const lang = (c && c.lang) || item.lang;
    const created = (c && c.createdAt) || item.createdAt;
    if (channel) facts.push(t('item.channel', { channel }));
    if (lang) facts.push(t('item.lang', { lang }));
    if (created) facts.push(t('item.created', { time: formatTime(created) }));
    setText($('item-facts'), facts.join(' · '));
    if (c && typeof c.text === 'string') {
      renderText($('post-text'), c.text, item.matches || []);
    } else {
      setText($('post-text'), c && c.error ? c.error : t('item.loading'));
      if (!c && state.loadingId !== item.postId) loadContent(item.postId, false);
    }
    $('btn-reveal').hidden = !(c && c.masked && !c.revealed);
    setText($('item-masked'), c && c.masked && !c.revealed ? t('item.masked') : '');
    renderWhy(item);
    const comments = $('item-comments');
    comments.replaceChildren();
    for (const cm of item.comments || []) {
      comments.appendChild(el('li', null, cm.user + ' (' + formatTime(cm.at) + '): ' + cm.text));
    }
    if (!keepStatus) status('', false);
  }

  // Why the post was held: per rule, its description from the pack, how it matched, the concept terms that
  // satisfied it (CONCEPT matches carry "concept:term" as detail).
  function renderWhy(item) {
    const why = $('item-why');
    why.replaceChildren();
    const byRule = new Map();
    for (const m of item.matches || []) {
      if (!byRule.has(m.ruleId)) byRule.set(m.ruleId, []);
      byRule.get(m.ruleId).push(m);
    }
    for (const [ruleId, ms] of byRule) {
      const li = el('li', 'why');
      const first = ms[0];
      const head = el('div', 'why-head');
      head.appendChild(el('strong', 'mono', ruleId + ' v' + first.ruleVersion));
      head.appendChild(document.createTextNode(' · ' + visibleControls(first.category)));
      if (ms.every((m) => m.shadow)) head.appendChild(document.createTextNode(visibleControls(' · ' + t('item.shadow'))));
      li.appendChild(head);
      if (first.kind === 'CLASSIFIER') {
        // The model's probability rides in the match's detail ("p=0.873"); older decisions have none.
        const p = /^p=([0-9.]+)$/.exec(first.detail || '');
        li.appendChild(el('div', 'rule-desc', p
          ? t('item.classifierP', { category: first.category, p: p[1] })
          : t('item.classifier', { category: first.category })));
      } else if (first.kind === 'CONTACT' || first.kind === 'PERSONAL_DATA') {
        li.appendChild(el('div', 'rule-desc', t('item.contact', { category: first.category })));
      } else {
        const info = state.pack.rules[ruleId];
        li.appendChild(el('div', 'rule-desc', info && info.description ? info.description : t('item.noDescription')));
      }
      const kinds = Array.from(new Set(ms.map((m) => m.kind))).join(', ');
      li.appendChild(el('div', 'hint', t('item.matched', { kinds })));
      const terms = ms.filter((m) => m.kind === 'CONCEPT' && m.detail).map((m) => m.detail);
      if (terms.length) {
        li.appendChild(el('div', 'concepts', t('item.concepts', { terms: Array.from(new Set(terms)).join(', ') })));
      }
      why.appendChild(li);
    }
  }

  // Highlights the matched spans. Offsets are UTF-16 code-unit indices into the original text, exactly as
  // String.prototype.slice counts, so they are used as they are (a preview is the text's first code units, so the
  // same offsets hold in it). Overlapping matches split into segments; each segment is a text node, or a <mark>
  // whose textContent is the segment.
  function renderText(container, text, matches) {
    container.replaceChildren();
    const n = text.length;
    const spans = matches
      .filter(
        (m) => Number.isInteger(m.start) && Number.isInteger(m.end) && m.start >= 0 && m.start < m.end &&
          m.start < n && !(m.kind === 'CLASSIFIER' && m.start === 0)
      )
      .map((m) => ({ start: m.start, end: Math.min(m.end, n), shadow: m.shadow, ruleId: m.ruleId, category: m.category }));
    const cuts = new Set([0, n]);
    for (const m of spans) {
      cuts.add(m.start);
      cuts.add(m.end);
    }
    const points = Array.from(cuts).sort((a, b) => a - b);
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i];
      const b = points[i + 1];
      const segment = text.slice(a, b);
      const covering = spans.filter((m) => m.start <= a && m.end >= b);
      if (covering.length === 0) {
        container.appendChild(document.createTextNode(visibleControls(segment)));
      } else {
        const mark = el('mark', covering.every((m) => m.shadow) ? 'shadow' : null, segment);
        mark.title = visibleControls(covering.map((m) => m.ruleId + ' (' + m.category + ')').join(', '));
        container.appendChild(mark);
      }
    }
  }

  function updateSla() {
    const item = current();
    if (item) {
      const age = ageSeconds(item);
      const sla = $('item-sla');
      sla.className = slaClass(age);
      setText(sla, t('item.waiting', { age: formatAge(age), sla: formatAge(state.slaSeconds) }));
    }
    for (const span of document.querySelectorAll('#queue-list [data-enqueued-at]')) {
      const age = ageSeconds({ enqueuedAt: span.dataset.enqueuedAt });
      span.className = slaClass(age);
      setText(span, formatAge(age));
    }
  }

  function status(message, isError) {
    const s = $('status');
    s.className = isError ? 'error' : message ? 'ok' : '';
    setText(s, message);
  }

  // Opens the post's text (the server audits the read). reveal: contact details unmasked, with the reason typed in
  // the note box (audited too).
  async function loadContent(postId, reveal) {
    let r;
    const reason = $('reason').value.trim();
    if (reveal && !reason) {
      status(t('status.needRevealReason'), true);
      $('reason').focus();
      return;
    }
    state.loadingId = postId;
    try {
      r = reveal
        ? await api('POST', '/api/queue/' + encodeURIComponent(postId) + '/reveal', { reason })
        : await api('GET', '/api/queue/' + encodeURIComponent(postId));
    } finally {
      state.loadingId = null;
    }
    if (state.selectedId !== postId) return;
    if (r.status === 401) {
      showLogin();
      return;
    }
    if (r.status === 200) {
      state.content = {
        postId,
        text: r.data.text,
        masked: !!r.data.masked || reveal,
        revealed: reveal,
        channel: r.data.channel,
        lang: r.data.lang,
        createdAt: r.data.createdAt,
      };
      if (reveal) $('reason').value = '';
    } else {
      state.content = { postId, error: t('item.cannotOpen', { error: errorOf(r) }) };
    }
    const item = current();
    if (item) showItem(item, true);
  }

  // ---- the author's history: counts under a pseudonym, never who ----

  async function loadHistory(postId) {
    state.history = { postId, data: null, error: null };
    renderHistory();
    const r = await api('GET', '/api/queue/' + encodeURIComponent(postId) + '/author');
    if (state.selectedId !== postId) return;
    state.history = r.status === 200 ? { postId, data: r.data, error: null } : { postId, data: null, error: errorOf(r) };
    renderHistory();
  }

  function renderHistory() {
    const h = state.history;
    const out = $('item-history');
    if (h.postId !== state.selectedId || (!h.data && !h.error)) {
      setText(out, t('item.loading'));
    } else if (h.error) {
      setText(out, t('item.historyUnavailable', { error: h.error }));
    } else {
      const d = h.data;
      setText(
        out,
        t('item.historyCounts', { decisions: d.decisions, held: d.held, blocked: d.blocked, rejected: d.rejected }) +
          (d.complete ? '' : t('item.historyIncomplete'))
      );
    }
  }

  // ---- similar posts and bulk decisions ----

  async function loadSimilar(postId) {
    state.similar = { postId, items: [] };
    renderSimilar();
    const r = await api('GET', '/api/queue/' + encodeURIComponent(postId) + '/similar');
    if (state.selectedId !== postId) return;
    if (r.status === 200 && Array.isArray(r.data.items)) {
      state.similar = { postId, items: r.data.items };
    }
    renderSimilar();
  }

  function renderSimilar() {
    const list = $('similar-list');
    const checked = new Set(Array.from(list.querySelectorAll('input:checked')).map((i) => i.value));
    list.replaceChildren();
    const items = state.similar.postId === state.selectedId ? state.similar.items : [];
    $('similar-none').hidden = items.length > 0;
    $('similar-all-label').hidden = items.length === 0;
    $('btn-bulk-reject').hidden = items.length === 0;
    $('btn-bulk-approve').hidden = items.length === 0;
    for (const s of items) {
      const li = el('li', 'similar-item');
      const label = el('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = s.postId;
      box.checked = checked.has(s.postId);
      box.setAttribute('aria-label', t('item.selectPost', { postId: visibleControls(s.postId) }));
      label.appendChild(box);
      label.appendChild(el('span', 'pid', ' ' + s.postId));
      li.appendChild(label);
      const why = (s.similarBy || [])
        .map((w) => (w === 'contact' ? t('item.similarBy.contact') : t('item.similarBy.rule', { rule: w.replace(/^rule:/, '') })))
        .join(' · ');
      li.appendChild(el('div', 'hint', why));
      const preview = el('div', 'preview');
      if (typeof s.preview === 'string') renderText(preview, s.preview, s.matches || []);
      else setText(preview, t('queue.noPreview'));
      li.appendChild(preview);
      list.appendChild(li);
    }
    $('similar-all').checked = items.length > 0 && items.every((s) => checked.has(s.postId));
  }

  $('similar-all').addEventListener('change', () => {
    for (const box of $('similar-list').querySelectorAll('input[type=checkbox]')) box.checked = $('similar-all').checked;
  });

  async function bulk(kind) {
    if (state.busy) return;
    const ids = Array.from($('similar-list').querySelectorAll('input:checked')).map((i) => i.value);
    if (ids.length === 0) {
      status(t('status.noneSelected'), true);
      const first = $('similar-list').querySelector('input');
      if (first) first.focus();
      return;
    }
    const body = decisionBody(kind);
    if (!body) return;
    body.postIds = ids;
    state.busy = true;
    let r;
    try {
      r = await api('POST', '/api/queue/decisions', body);
    } finally {
      state.busy = false;
    }
    if (r.status === 401) {
      showLogin();
      return;
    }
    if (r.status !== 200) {
      status(errorOf(r), true);
      return;
    }
    const failed = (r.data.results || []).filter((x) => x.status !== 'applied');
    let msg = t('status.bulkDone', { action: t('action.' + kind), applied: r.data.applied, requested: r.data.requested });
    for (const f of failed) msg += ' ' + t('status.bulkFailed', { postId: f.postId, error: f.error || f.status });
    $('reason').value = '';
    $('reason-key').value = '';
    showBasis();
    await refresh();
    if (state.selectedId) {
      await loadSimilar(state.selectedId);
      loadHistory(state.selectedId);
    }
    status(msg, failed.length > 0);
  }

  $('btn-bulk-reject').addEventListener('click', () => bulk('reject'));
  $('btn-bulk-approve').addEventListener('click', () => bulk('approve'));

  // ---- actions ----

  // The body of a decision: the chosen canned reason (its key) and the note, or null (and a message) when the
  // decision has no reason or the chosen one is for another decision.
  function decisionBody(kind) {
    const note = $('reason').value.trim();
    const canned = chosenReason();
    if (canned && kind !== 'escalate' && canned.action !== kind) {
      status(t('status.wrongReason', { action: t('action.' + canned.action), kind: t('action.' + kind) }), true);
      $('reason-key').focus();
      return null;
    }
    if (!note && (!canned || kind === 'escalate')) {
      status(t('status.needReason', { what: t('what.' + kind) }), true);
      (kind === 'escalate' ? $('reason') : $('reason-key')).focus();
      return null;
    }
    const body = { action: kind };
    if (note) body.reason = note;
    if (canned && kind !== 'escalate') body.reasonKey = canned.key;
    return body;
  }

  async function act(kind) {
    const item = current();
    if (!item || state.busy) return;
    const path = '/api/queue/' + encodeURIComponent(item.postId) + '/';
    let r;
    if (kind === 'comment' && !$('reason').value.trim()) {
      status(t('status.needComment'), true);
      $('reason').focus();
      return;
    }
    let body = null;
    if (kind === 'approve' || kind === 'reject' || kind === 'escalate') {
      body = decisionBody(kind);
      if (!body) return;
    }
    state.busy = true;
    try {
      if (kind === 'claim' || kind === 'skip') {
        r = await api('POST', path + kind);
      } else if (kind === 'comment') {
        r = await api('POST', path + 'comment', { text: $('reason').value.trim() });
      } else {
        r = await api('POST', path + 'decision', body);
      }
    } finally {
      state.busy = false;
    }
    if (r.status === 200) {
      status(doneMessage(kind, r.data), false);
      if (kind !== 'claim') {
        $('reason').value = '';
        $('reason-key').value = '';
        showBasis();
      }
      if (kind === 'approve' || kind === 'reject' || kind === 'escalate') {
        const i = state.items.findIndex((x) => x.postId === item.postId);
        state.items.splice(i, 1);
        const next = state.items[Math.min(i, state.items.length - 1)];
        state.selectedId = next ? next.postId : null;
        await refresh();
        if (!state.selectedId) showItem(null);
        else {
          loadSimilar(state.selectedId);
          loadHistory(state.selectedId);
        }
        status(doneMessage(kind, r.data), false);
        focusSelected();
      } else {
        await refresh();
      }
    } else if (r.status === 401) {
      showLogin();
    } else {
      status(errorOf(r), true);
      await refresh();
    }
  }

  function doneMessage(kind, data) {
    switch (kind) {
      case 'claim':
        return data.item && data.item.claim
          ? t('status.claimed', { time: new Date(data.item.claim.until).toLocaleTimeString(state.lang) })
          : t('status.claimedShort');
      case 'approve':
        return t('status.approved');
      case 'reject':
        return t('status.rejected');
      case 'escalate':
        return t('status.escalated');
      case 'skip':
        return t('status.skipped');
      default:
        return t('status.commented');
    }
  }

  for (const kind of ['claim', 'approve', 'reject', 'escalate', 'skip', 'comment']) {
    $('btn-' + kind).addEventListener('click', () => act(kind));
  }
  $('btn-reveal').addEventListener('click', () => {
    if (state.selectedId) loadContent(state.selectedId, true);
  });

  // A mass revert: every block the rule made in the window goes back to the queue (senior and admin only).
  $('revert-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const rule = $('revert-rule').value.trim();
    const from = new Date($('revert-from').value);
    const to = $('revert-to').value ? new Date($('revert-to').value) : null;
    if (!rule || Number.isNaN(from.getTime()) || (to && Number.isNaN(to.getTime()))) {
      setText($('revert-status'), t('revert.invalid'));
      return;
    }
    const body = { from: from.toISOString(), reason: $('revert-reason').value };
    if (to) body.to = to.toISOString();
    const r = await api('POST', '/api/rules/' + encodeURIComponent(rule) + '/revert', body);
    if (r.status === 200) {
      setText($('revert-status'), t('revert.done', { count: r.data.requeued, rule }));
      refresh();
    } else {
      setText($('revert-status'), t('revert.failed', { error: errorOf(r) }));
    }
  });

  // ---- audit log page (auditors, seniors, admins) ----

  async function loadAudit() {
    const p = new URLSearchParams();
    const actor = $('audit-actor').value.trim();
    const action = $('audit-action').value.trim();
    const post = $('audit-post').value.trim();
    if (actor) p.set('actor', actor);
    if (action) p.set('action', action);
    if (post) p.set('postId', post);
    const limit = parseInt($('audit-limit').value, 10);
    if (Number.isInteger(limit) && limit > 0) p.set('limit', String(Math.min(1000, limit)));
    const r = await api('GET', '/api/audit?' + p.toString());
    const rows = $('audit-rows');
    rows.replaceChildren();
    if (r.status === 401) {
      showLogin();
      return;
    }
    if (r.status === 403) {
      setText($('audit-status'), t('audit.forbidden'));
      return;
    }
    if (r.status !== 200) {
      setText($('audit-status'), errorOf(r));
      return;
    }
    const entries = Array.isArray(r.data.entries) ? r.data.entries : [];
    for (const e of entries) {
      const tr = document.createElement('tr');
      tr.dataset.action = e.action || '';
      tr.dataset.postId = e.postId || '';
      for (const v of [formatTime(e.at), e.actor, e.role, e.action, e.postId, e.reasonKey, e.reason, e.result, e.detail]) {
        tr.appendChild(el('td', null, v == null ? '' : v));
      }
      rows.appendChild(tr);
    }
    setText($('audit-status'), t('audit.count', { count: entries.length }));
  }

  $('audit-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    loadAudit();
  });

  // ---- circuit breaker page (restore: admins) ----

  async function loadBreaker() {
    const r = await api('GET', '/api/rules/breaker');
    const list = $('breaker-list');
    list.replaceChildren();
    if (r.status === 401) {
      showLogin();
      return;
    }
    if (r.status !== 200) {
      setText($('breaker-status'), errorOf(r));
      return;
    }
    const admin = state.me && state.me.role === 'admin';
    $('breaker-admin-only').hidden = admin;
    const open = Array.isArray(r.data.open) ? r.data.open : [];
    if (open.length === 0) list.appendChild(el('li', null, t('breaker.none')));
    for (const rule of open) {
      const li = el('li', 'breaker-rule');
      li.appendChild(el('strong', 'mono', rule));
      const info = state.pack.rules[rule];
      if (info && info.description) li.appendChild(el('div', 'rule-desc', info.description));
      if (admin) {
        const form = document.createElement('form');
        form.className = 'inline-form';
        const label = el('label');
        label.appendChild(el('span', null, t('breaker.reason', { rule })));
        const input = document.createElement('input');
        input.maxLength = 2000;
        input.required = true;
        label.appendChild(input);
        form.appendChild(label);
        const button = el('button', null, t('breaker.restore', { rule }));
        button.type = 'submit';
        form.appendChild(button);
        form.addEventListener('submit', async (ev) => {
          ev.preventDefault();
          const reason = input.value.trim();
          if (!reason) {
            setText($('breaker-status'), t('breaker.needReason', { rule }));
            input.focus();
            return;
          }
          const res = await api('POST', '/api/rules/' + encodeURIComponent(rule) + '/restore', { reason });
          setText($('breaker-status'), res.status === 200 ? t('breaker.restored', { rule }) : errorOf(res));
          loadBreaker();
        });
        li.appendChild(form);
      }
      list.appendChild(li);
    }
  }

  // ---- keyboard ----

  document.addEventListener('keydown', (ev) => {
    if (!state.me || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const target = ev.target;
    const typing =
      target instanceof HTMLElement &&
      (target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' ||
        (target.tagName === 'INPUT' && target.type !== 'checkbox'));
    if (typing) {
      if (ev.key === 'Escape') target.blur();
      return;
    }
    if (state.pendingG) {
      state.pendingG = false;
      const page = { q: 'queue', l: 'audit', b: 'breaker' }[ev.key];
      if (page) {
        ev.preventDefault();
        showPage(page);
      }
      return;
    }
    if (ev.key === 'g') {
      state.pendingG = true;
      ev.preventDefault();
      return;
    }
    if (state.page !== 'queue') return;
    const keys = {
      j: () => move(1),
      ArrowDown: () => move(1),
      k: () => move(-1),
      ArrowUp: () => move(-1),
      c: () => act('claim'),
      a: () => act('approve'),
      r: () => act('reject'),
      e: () => act('escalate'),
      s: () => act('skip'),
      m: () => act('comment'),
      '/': () => $('reason').focus(),
      f: () => $('filter-q').focus(),
      x: () => {
        const box = $('similar-list').querySelector('input');
        if (box) box.focus();
      },
    };
    const f = keys[ev.key];
    if (f) {
      ev.preventDefault();
      f();
    }
  });

  setInterval(updateSla, 1000);
  setInterval(() => {
    if (!state.busy) refresh();
  }, 15000);
  boot();
})();
