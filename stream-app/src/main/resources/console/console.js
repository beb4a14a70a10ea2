// Vigil review console. Plain JS, no build step, no dependencies.
//
// Post text and every other field that comes from the queue is attacker-controlled: it only ever reaches the
// page as DOM text (textContent, createTextNode) or as DOM properties, never as HTML. The server's
// Content-Security-Policy forbids inline script and eval as a second line of defence.
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
  const state = {
    me: null,
    csrf: null,
    items: [],
    selectedId: null,
    slaSeconds: 3600,
    clockOffsetMs: 0,
    queue: '',
    busy: false,
    // The open post's content: fetched once per selection (each fetch is an audited read), kept while it stays
    // selected. { postId, text, masked, revealed, error }
    content: null,
    loadingId: null,
  };

  const $ = (id) => document.getElementById(id);

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

  // ---- time and SLA ----

  function serverNow() {
    return Date.now() + state.clockOffsetMs;
  }

  function ageSeconds(item) {
    const t = Date.parse(item.enqueuedAt);
    return Number.isFinite(t) ? Math.max(0, Math.floor((serverNow() - t) / 1000)) : 0;
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

  // ---- login ----

  async function boot() {
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
    $('console').hidden = true;
    $('logout').hidden = true;
    setText($('whoami'), '');
    $('login').hidden = false;
    $('login-name').focus();
  }

  function signedIn(me) {
    state.me = me;
    state.csrf = me.csrfToken || null;
    setText($('whoami'), me.user + ' (' + me.role + ')');
    $('login').hidden = true;
    $('console').hidden = false;
    $('logout').hidden = false;
    const senior = me.role === 'senior' || me.role === 'admin' || me.role === 'auditor';
    $('queue-select').hidden = !senior;
    $('revert-panel').hidden = !(me.role === 'senior' || me.role === 'admin');
    refresh();
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
      setText($('login-error'), r.data.error || 'login failed (' + r.status + ')');
    }
  });

  $('logout').addEventListener('click', async () => {
    await api('DELETE', '/api/session');
    showLogin();
  });

  // ---- queue ----

  async function refresh() {
    if (!state.me) return;
    const q = state.queue ? '?queue=' + encodeURIComponent(state.queue) : '';
    const r = await api('GET', '/api/queue' + q);
    if (r.status === 401) {
      showLogin();
      return;
    }
    if (r.status !== 200) {
      status('queue unavailable: ' + (r.data.error || r.status), true);
      return;
    }
    const now = Date.parse(r.data.now);
    if (Number.isFinite(now)) state.clockOffsetMs = now - Date.now();
    if (Number.isInteger(r.data.slaSeconds) && r.data.slaSeconds > 0) state.slaSeconds = r.data.slaSeconds;
    state.items = Array.isArray(r.data.items) ? r.data.items : [];
    renderQueue();
    const selected = current();
    if (state.selectedId && !selected) {
      showItem(null);
      status('that post is no longer in the queue (decided or escalated)', false);
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
    list.replaceChildren();
    for (const item of state.items) {
      const li = el('li');
      li.dataset.postId = item.postId;
      if (item.postId === state.selectedId) li.className = 'selected';
      li.appendChild(el('span', 'pid', item.postId));
      const age = ageSeconds(item);
      const a = el('span', slaClass(age), formatAge(age));
      a.dataset.enqueuedAt = item.enqueuedAt;
      li.appendChild(a);
      const cats = (item.categories || []).join(', ') || 'uncategorised';
      li.appendChild(el('span', 'cats', item.reportCount > 0 ? cats + ' · reported ×' + item.reportCount : cats));
      li.appendChild(el('span', 'claimed', item.claim ? 'claimed by ' + item.claim.user : (item.queue === 'senior' ? 'escalated' : '')));
      li.addEventListener('click', () => select(item.postId));
      list.appendChild(li);
    }
    setText($('queue-count'), state.items.length + ' waiting');
  }

  function select(postId) {
    state.selectedId = postId;
    if (state.content && state.content.error) state.content = null;
    status('', false);
    $('reason').value = '';
    renderQueue();
    const item = current();
    showItem(item);
    const li = document.querySelector('#queue-list li.selected');
    if (li) li.scrollIntoView({ block: 'nearest' });
  }

  function move(delta) {
    if (state.items.length === 0) return;
    let i = state.items.findIndex((x) => x.postId === state.selectedId);
    i = i < 0 ? 0 : Math.min(state.items.length - 1, Math.max(0, i + delta));
    select(state.items[i].postId);
  }

  // ---- item view ----

  function showItem(item, keepStatus) {
    $('empty').hidden = !!item;
    $('item').hidden = !item;
    if (!item) return;
    setText($('item-id'), item.postId);
    setText($('item-categories'), (item.categories || []).join(', '));
    setText(
      $('item-queue'),
      item.queue +
        (item.origin === 'revert' ? ' · reverted block' : '') +
        (item.origin === 'report' ? ' · published, reported: reject takes it down' : '') +
        (item.origin === 'rescan' ? ' · published, flagged by a rescan of changed rules: reject takes it down' : '') +
        (item.reportCount > 0 ? ' · ' + item.reportCount + ' reporter(s)' : '')
    );
    updateSla();
    setText(
      $('item-claim'),
      item.claim ? 'Claimed by ' + item.claim.user + ' until ' + new Date(item.claim.until).toLocaleTimeString() : 'Not claimed'
    );
    const c = state.content && state.content.postId === item.postId ? state.content : null;
    if (c && typeof c.text === 'string') {
      renderText($('post-text'), c.text, item.matches || []);
    } else {
      setText($('post-text'), c && c.error ? c.error : 'Loading…');
      if (!c && state.loadingId !== item.postId) loadContent(item.postId, false);
    }
    $('btn-reveal').hidden = !(c && c.masked && !c.revealed);
    setText($('item-masked'), c && c.masked && !c.revealed ? 'Contact details are masked (•). Reveal them with a reason: it is audited.' : '');
    const matches = $('item-matches');
    matches.replaceChildren();
    for (const m of item.matches || []) {
      matches.appendChild(
        el('li', null, m.ruleId + ' v' + m.ruleVersion + ' · ' + m.kind + ' · ' + m.category +
          (m.detail ? ' · ' + m.detail : '') + (m.shadow ? ' · shadow' : '') +
          ' · [' + m.start + ', ' + m.end + ')')
      );
    }
    const comments = $('item-comments');
    comments.replaceChildren();
    for (const c of item.comments || []) {
      comments.appendChild(el('li', null, c.user + ' (' + new Date(c.at).toLocaleString() + '): ' + c.text));
    }
    if (!keepStatus) status('', false);
  }

  // Highlights the matched spans. Offsets are UTF-16 code-unit indices into the original text, exactly as
  // String.prototype.slice counts, so they are used as they are. Overlapping matches split into segments; each
  // segment is a text node, or a <mark> whose textContent is the segment.
  function renderText(container, text, matches) {
    container.replaceChildren();
    const n = text.length;
    const spans = matches.filter(
      (m) => Number.isInteger(m.start) && Number.isInteger(m.end) && m.start >= 0 && m.start < m.end && m.end <= n &&
        !(m.kind === 'CLASSIFIER' && m.start === 0 && m.end === n)
    );
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
      setText(sla, 'waiting ' + formatAge(age) + ' / SLA ' + formatAge(state.slaSeconds));
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
  // the reason box (audited too).
  async function loadContent(postId, reveal) {
    let r;
    const reason = $('reason').value.trim();
    if (reveal && !reason) return needReason('revealing contact details');
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
      state.content = { postId, text: r.data.text, masked: !!r.data.masked || reveal, revealed: reveal };
      if (reveal) $('reason').value = '';
    } else {
      state.content = { postId, error: (r.data.error || 'cannot open the post') + ' (' + r.status + ')' };
    }
    const item = current();
    if (item) showItem(item, true);
  }

  // ---- actions ----

  async function act(kind) {
    const item = current();
    if (!item || state.busy) return;
    const reason = $('reason').value.trim();
    const path = '/api/queue/' + encodeURIComponent(item.postId) + '/';
    let r;
    state.busy = true;
    try {
      if (kind === 'claim' || kind === 'skip') {
        r = await api('POST', path + kind);
      } else if (kind === 'comment') {
        if (!reason) return needReason('a comment');
        r = await api('POST', path + 'comment', { text: reason });
      } else {
        if (!reason) return needReason('a ' + kind);
        r = await api('POST', path + 'decision', { action: kind, reason });
      }
    } finally {
      state.busy = false;
    }
    if (r.status === 200) {
      status(doneMessage(kind, r.data), false);
      if (kind !== 'claim') $('reason').value = '';
      if (kind === 'approve' || kind === 'reject' || kind === 'escalate') {
        const i = state.items.findIndex((x) => x.postId === item.postId);
        state.items.splice(i, 1);
        const next = state.items[Math.min(i, state.items.length - 1)];
        state.selectedId = next ? next.postId : null;
        await refresh();
        if (!state.selectedId) showItem(null);
        status(doneMessage(kind, r.data), false);
      } else {
        await refresh();
      }
    } else if (r.status === 401) {
      showLogin();
    } else {
      status((r.data.error || r.data.message || 'failed') + ' (' + r.status + ')', true);
      await refresh();
    }
  }

  function needReason(what) {
    status('Write a reason for ' + what + ' first.', true);
    $('reason').focus();
  }

  function doneMessage(kind, data) {
    switch (kind) {
      case 'claim':
        return data.item && data.item.claim
          ? 'Claimed until ' + new Date(data.item.claim.until).toLocaleTimeString() + '.'
          : 'Claimed.';
      case 'approve':
        return 'Approved: published.';
      case 'reject':
        return 'Rejected: blocked, evidence and report filed.';
      case 'escalate':
        return 'Escalated to the senior queue.';
      case 'skip':
        return 'Claim released.';
      default:
        return 'Comment added.';
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
      setText($('revert-status'), 'Give a rule id and a valid window.');
      return;
    }
    const body = { from: from.toISOString(), reason: $('revert-reason').value };
    if (to) body.to = to.toISOString();
    const r = await api('POST', '/api/rules/' + encodeURIComponent(rule) + '/revert', body);
    if (r.status === 200) {
      setText($('revert-status'), r.data.requeued + ' blocked post(s) of ' + rule + ' sent back for review.');
      refresh();
    } else {
      setText($('revert-status'), (r.data.error || 'revert failed') + ' (' + r.status + ')');
    }
  });

  $('queue-select').addEventListener('change', () => {
    state.queue = $('queue-select').value;
    refresh();
  });

  document.addEventListener('keydown', (ev) => {
    if (!state.me || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target;
    const typing = t instanceof HTMLElement && (t.tagName === 'TEXTAREA' || t.tagName === 'INPUT' || t.tagName === 'SELECT');
    if (typing) {
      if (ev.key === 'Escape') t.blur();
      return;
    }
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
  }, 5000);
  boot();
})();
