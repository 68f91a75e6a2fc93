// RTDA dashboard. No libraries: charts are SVG drawn here. Every string that comes from the server (stream ids,
// tags, rule ids, reasons, labels) reaches the page only through textContent or a non-URL attribute; nothing
// is ever parsed as HTML (no innerHTML anywhere in this file).
'use strict';

window.rtdaErrors = [];
window.addEventListener('error', e => window.rtdaErrors.push(String(e.message)));
window.addEventListener('unhandledrejection', e => window.rtdaErrors.push(String(e.reason)));

const SVG = 'http://www.w3.org/2000/svg';
const LIVE_SPAN_MS = 120000;
// The score is -log10(p) / 20 for every detector: 0.15 marks a value rarer than one in a thousand.
const ANOMALY_SCORE = 0.15;
const MAX_POINTS = 5000;
const MAX_ROWS = 500;

const state = {
  frames: new Map(),      // stream -> latest frame
  sparks: new Map(),      // stream -> recent values
  source: null,           // the EventSource of the dashboard feed
  route: { view: 'overview' },
  points: [],             // stream view: {t, v, mean, std, p50, p95, lo, hi, score}
  alerts: [],             // latest transition of each alert
  alertsAvailable: null,  // null: not yet known
  fired: new Map(),       // stream -> Set of epoch ms when an alert of it fired
  rulesAvailable: null,
};

// ---- small helpers -------------------------------------------------------------------------------------------

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node[k] = v;
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  return node;
}

function num(v) {
  return typeof v === 'number' && Number.isFinite(v);
}

function fmt(v, digits = 3) {
  if (!num(v)) return '–';
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(digits) : v.toFixed(digits);
}

function time(ms) {
  return num(ms) ? new Date(ms).toLocaleTimeString() : '–';
}

function streamPath(id) {
  return id.split('/').map(encodeURIComponent).join('/');
}

function tagNodes(tags) {
  return Object.entries(tags || {}).map(([k, v]) => el('span', { class: 'tag', title: k + '=' + v }, k + '=' + v));
}

function setStatus(text, cls) {
  const conn = document.getElementById('conn');
  conn.textContent = text;
  conn.className = 'pill ' + (cls || '');
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    const error = new Error(url + ' answered ' + response.status);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

// ---- routing -------------------------------------------------------------------------------------------------

function parseRoute() {
  const hash = location.hash || '#/';
  if (hash.startsWith('#/stream/')) {
    return { view: 'stream', stream: decodeURIComponent(hash.slice('#/stream/'.length)) };
  }
  return { view: 'overview' };
}

function route() {
  state.route = parseRoute();
  const inStream = state.route.view === 'stream';
  document.getElementById('overview').hidden = inStream;
  document.getElementById('stream-view').hidden = !inStream;
  if (inStream) {
    document.getElementById('stream-title').textContent = state.route.stream;
    document.getElementById('range').value = 'live';
    state.points = [];
    drawStreamView();
    loadHistory();
    refreshRuleStatus();
  } else {
    renderOverview();
  }
  connect();
  renderAlerts();
}

// ---- the live feed -------------------------------------------------------------------------------------------

function connect() {
  if (state.source) state.source.close();
  const params = new URLSearchParams();
  if (state.route.view === 'stream') {
    params.append('stream', state.route.stream);
    params.set('rate', '4');
  } else {
    params.set('rate', '2');
  }
  const source = new EventSource('/api/v1/dashboard/live?' + params);
  state.source = source;
  source.onopen = () => setStatus('live', 'live');
  source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'disconnected' : 'reconnecting…',
      'down');
  source.onmessage = event => {
    if (source !== state.source) return;
    const message = JSON.parse(event.data);
    if (message.type === 'heartbeat') return;
    for (const frame of message.frames) accept(frame, message.type === 'snapshot');
    if (state.route.view === 'stream') drawStreamView();
    else renderOverview();
    document.getElementById('summary').textContent = message.streams + ' streams followed'
        + (message.ignored > 0 ? ' (' + message.ignored + ' updates of further streams left out)' : '')
        + ' · ' + new Date().toLocaleTimeString();
  };
}

function accept(frame, snapshot) {
  state.frames.set(frame.stream, frame);
  let spark = state.sparks.get(frame.stream);
  if (snapshot && Array.isArray(frame.spark)) {
    spark = frame.spark.slice();
  } else {
    spark = spark || [];
    if (num(frame.last)) spark.push(frame.last);
  }
  state.sparks.set(frame.stream, spark.slice(-60));
  if (state.route.view === 'stream' && frame.stream === state.route.stream
      && document.getElementById('range').value === 'live') {
    if (frame.peak) addPoint({ t: frame.peak.t, v: frame.peak.value, score: frame.peak.score });
    const a = frame.anomaly || {};
    // The score belongs to the judged value: the newest, or an earlier one of the batch (then it is the peak).
    const newestJudged = judgesNewest(frame);
    // The judged value gets its point even when a slow connection's frame carries an older, higher peak.
    if (!newestJudged && num(a.value)) addPoint({ t: a.at, v: a.value, score: frame.score });
    addPoint({ t: frame.t, v: frame.last, mean: frame.mean, std: frame.std, p50: frame.p50, p95: frame.p95,
      lo: a.expectedLow, hi: a.expectedHigh, score: newestJudged ? frame.score : undefined });
  }
}

// Whether the frame's verdict is on its newest value (frames from before verdicts named their value say nothing).
function judgesNewest(frame) {
  const a = frame.anomaly || {};
  return a.at === undefined || (a.at === frame.t && a.value === frame.last);
}

// A live point is one reading: its event time and value. A frame that repeats a reading (its window's statistics
// changed) replaces that point; two readings in one millisecond stay two points, so a spike is not overwritten
// by a reading that shares its timestamp.
function addPoint(p) {
  const pts = state.points;
  let i = pts.length;
  while (i > 0 && pts[i - 1].t > p.t) i--;
  let same = i - 1;
  while (same >= 0 && pts[same].t === p.t && pts[same].v !== p.v) same--;
  if (same >= 0 && pts[same].t === p.t) pts[same] = p; else pts.splice(i, 0, p);
  const cutoff = pts[pts.length - 1].t - LIVE_SPAN_MS;
  while (pts.length > MAX_POINTS || (pts.length && pts[0].t < cutoff)) pts.shift();
}

// ---- overview ------------------------------------------------------------------------------------------------

function matches(frame, filter) {
  if (!filter) return true;
  const f = filter.toLowerCase();
  if (frame.stream.toLowerCase().includes(f)) return true;
  return Object.entries(frame.tags || {}).some(([k, v]) =>
    (k + '=' + v).toLowerCase().includes(f) || v.toLowerCase().includes(f));
}

function firingCount(stream) {
  return state.alerts.filter(a => a.stream === stream && a.state === 'firing').length;
}

function sparkline(values) {
  const node = svg('svg', { class: 'spark', viewBox: '0 0 140 28', preserveAspectRatio: 'none' });
  node.dataset.points = String(values.length);
  if (values.length > 1) {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const span = hi - lo || 1;
    const pts = values.map((v, i) => (i * 140 / (values.length - 1)).toFixed(1) + ','
        + (26 - (v - lo) / span * 24).toFixed(1));
    node.append(svg('polyline', { points: pts.join(' ') }));
  }
  return node;
}

function renderOverview() {
  if (state.route.view !== 'overview') return;
  const filter = document.getElementById('filter').value.trim();
  const selected = [...state.frames.values()].filter(f => matches(f, filter));
  document.getElementById('rows-note').textContent = selected.length > MAX_ROWS
      ? 'showing the first ' + MAX_ROWS + ' of ' + selected.length + ' matching streams: narrow the filter' : '';
  const rows = selected.sort((a, b) => a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0)
      .slice(0, MAX_ROWS)
      .map(f => {
        const firing = firingCount(f.stream);
        const tr = el('tr', { dataset: { stream: f.stream } },
            el('td', { class: 'text' }, el('a', { href: '#/stream/' + encodeURIComponent(f.stream) }, f.stream)),
            el('td', { class: 'text' }, ...tagNodes(f.tags)),
            el('td', {}, sparkline(state.sparks.get(f.stream) || [])),
            el('td', {}, fmt(f.last)), el('td', {}, fmt(f.mean)), el('td', {}, fmt(f.std)),
            el('td', { class: 'score' }, fmt(f.score, 4)),
            el('td', { class: 'firing' }, state.alertsAvailable ? String(firing) : '–'));
        if (firing > 0 || (num(f.score) && f.score >= ANOMALY_SCORE)) tr.className = 'hot';
        return tr;
      });
  document.querySelector('#streams tbody').replaceChildren(...rows);
}

// ---- stream view ---------------------------------------------------------------------------------------------

async function loadHistory() {
  const stream = state.route.stream;
  const range = document.getElementById('range').value;
  const note = document.getElementById('history-note');
  const span = range === 'live' ? LIVE_SPAN_MS : Number(range);
  const to = Date.now();
  const url = '/api/v1/streams/' + streamPath(stream) + '/history?from=' + (to - span) + '&to=' + to;
  try {
    const page = await getJson(url);
    if (state.route.stream !== stream) return;
    // A bucket's score is its highest; its value the last one, so a bucket's marker is not placed on a value.
    const history = page.points.map(p => ({ t: Date.parse(p.time), v: p.last, mean: p.mean, std: p.std,
      p50: p.p50, p95: p.p95, score: p.score, bucket: true }));
    if (range === 'live') {
      for (const p of history) if (!state.points.length || p.t < state.points[0].t) addPoint(p);
      note.textContent = '';
    } else {
      state.points = history;
      note.textContent = history.length + ' buckets of ' + page.step + ' from the ' + page.source + ' history';
    }
  } catch (e) {
    note.textContent = e.status === 404 ? 'history is off on this server: only live points are shown'
        : 'history unavailable (' + e.message + ')';
    if (range !== 'live') state.points = [];
  }
  drawStreamView();
}

function drawStreamView() {
  if (state.route.view !== 'stream') return;
  const frame = state.frames.get(state.route.stream);
  document.getElementById('stream-tags').replaceChildren(...tagNodes(frame && frame.tags));
  drawChart();
  renderStats(frame);
  renderExplanation(frame);
}

function extent(values) {
  const finite = values.filter(num);
  if (!finite.length) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (lo === hi) { lo -= 1; hi += 1; }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

function areaPath(pts, x, y, low, high) {
  const ok = pts.filter(p => num(low(p)) && num(high(p)));
  if (ok.length < 2) return '';
  const top = ok.map((p, i) => (i ? 'L' : 'M') + x(p.t).toFixed(1) + ',' + y(high(p)).toFixed(1));
  const bottom = ok.slice().reverse().map(p => 'L' + x(p.t).toFixed(1) + ',' + y(low(p)).toFixed(1));
  return top.join('') + bottom.join('') + 'Z';
}

function linePath(pts, x, y, value) {
  let d = '';
  let pen = 'M';
  for (const p of pts) {
    if (!num(value(p))) { pen = 'M'; continue; }
    d += pen + x(p.t).toFixed(1) + ',' + y(value(p)).toFixed(1);
    pen = 'L';
  }
  return d;
}

function drawChart() {
  const chart = document.getElementById('chart');
  const W = 960, H = 320, L = 64, R = 44, T = 12, B = 26;
  const pts = state.points;
  const k = Number(document.getElementById('band-k').value) || 2;
  const range = document.getElementById('range').value;
  const t1 = pts.length ? pts[pts.length - 1].t : Date.now();
  // Live: the last two minutes, or less while fewer points have arrived, so a fresh chart is not a sliver.
  const t0 = range === 'live' ? Math.max(t1 - LIVE_SPAN_MS, pts.length > 1 ? pts[0].t : t1 - 1000)
      : Date.now() - Number(range);
  const tEnd = range === 'live' ? t1 : Date.now();
  const ys = [];
  for (const p of pts) {
    ys.push(p.v, p.p50, p.p95, p.lo, p.hi);
    if (num(p.mean) && num(p.std)) ys.push(p.mean - k * p.std, p.mean + k * p.std);
  }
  const [y0, y1] = extent(ys);
  const x = t => L + (t - t0) / Math.max(1, tEnd - t0) * (W - L - R);
  const y = v => T + (1 - (v - y0) / (y1 - y0)) * (H - T - B);
  const ys2 = s => T + (1 - s) * (H - T - B);
  const nodes = [];
  const axis = svg('g', { class: 'axis' });
  for (let i = 0; i <= 4; i++) {
    const v = y0 + (y1 - y0) * i / 4;
    axis.append(svg('line', { class: 'grid', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
    const label = svg('text', { x: L - 4, y: y(v) + 3, 'text-anchor': 'end' });
    label.textContent = fmt(v, 2);
    axis.append(label);
    const s = svg('text', { x: W - R + 4, y: ys2(i / 4) + 3 });
    s.textContent = (i / 4).toFixed(2);
    axis.append(s);
  }
  for (let i = 0; i <= 4; i++) {
    const t = t0 + (tEnd - t0) * i / 4;
    const label = svg('text', { x: x(t), y: H - 8, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' });
    label.textContent = new Date(t).toLocaleTimeString();
    axis.append(label);
  }
  nodes.push(axis);
  nodes.push(svg('path', { class: 'band-std', d: areaPath(pts, x, y, p => p.mean - k * p.std,
      p => p.mean + k * p.std) }));
  nodes.push(svg('path', { class: 'band-q', d: areaPath(pts, x, y, p => p.p50, p => p.p95) }));
  nodes.push(svg('path', { class: 'expected', d: linePath(pts, x, y, p => p.lo) }));
  nodes.push(svg('path', { class: 'expected', d: linePath(pts, x, y, p => p.hi) }));
  nodes.push(svg('path', { class: 'score-line', d: linePath(pts, x, ys2, p => p.score) }));
  nodes.push(svg('path', { class: 'value-line', d: linePath(pts, x, y, p => p.v) }));
  for (const p of pts) {
    if (num(p.score) && p.score >= ANOMALY_SCORE && num(p.v)) {
      const marker = svg('circle', { class: 'anomaly-marker', cx: x(p.t), cy: p.bucket ? T + 5 : y(p.v), r: 4 });
      marker.dataset.t = String(p.t);
      marker.dataset.value = String(p.v);
      marker.dataset.score = String(p.score);
      const title = svg('title');
      title.textContent = p.bucket ? 'a value scored ' + fmt(p.score, 4) + ' in the bucket from ' + time(p.t)
          : 'value ' + fmt(p.v) + ', score ' + fmt(p.score, 4) + ' at ' + time(p.t);
      marker.append(title);
      nodes.push(marker);
    }
  }
  for (const at of state.fired.get(state.route.stream) || []) {
    if (at < t0 || at > tEnd) continue;
    const g = svg('g', { class: 'alert' });
    g.dataset.t = String(at);
    g.append(svg('line', { class: 'alert-marker', x1: x(at), x2: x(at), y1: T, y2: H - B }));
    g.append(svg('path', { class: 'alert-flag', d: 'M' + x(at) + ',' + T + 'l8,4l-8,4Z' }));
    nodes.push(g);
  }
  chart.dataset.points = String(pts.length);
  chart.dataset.last = pts.length ? String(pts[pts.length - 1].t) : '';
  chart.replaceChildren(...nodes);
}

function renderStats(f) {
  const rows = f ? [['count', f.count], ['last', fmt(f.last)], ['mean', fmt(f.mean)], ['std', fmt(f.std)],
    ['min', fmt(f.min)], ['p50', fmt(f.p50)], ['p90', fmt(f.p90)], ['p95', fmt(f.p95)], ['p99', fmt(f.p99)],
    ['max', fmt(f.max)], ['slope / s', fmt(f.slope)], ['score', fmt(f.score, 4)], ['newest event', time(f.t)]]
    : [['no data yet', '']];
  document.querySelector('#stats tbody').replaceChildren(...rows.map(([k, v]) =>
    el('tr', {}, el('th', {}, k), el('td', {}, v))));
}

function renderExplanation(f) {
  const box = document.getElementById('explain');
  if (!f || !f.anomaly) {
    box.replaceChildren(el('p', { class: 'muted' }, 'no score yet'));
    return;
  }
  const a = f.anomaly;
  const where = a.direction === 'above' || a.direction === 'below' ? a.direction : 'at';
  const newest = judgesNewest(f);
  const judged = newest ? f.last : a.value;
  const inRange = num(a.expectedLow) && num(a.expectedHigh) && judged >= a.expectedLow && judged <= a.expectedHigh;
  const parts = [
    el('p', {}, newest ? 'The newest value ' : 'The most anomalous value of the latest batch (at ' + time(a.at) + ') ',
        el('b', {}, fmt(judged)), ' is ' + where + ' the expected ',
        el('b', {}, fmt(a.expected)), ' and ' + (inRange ? 'inside' : 'outside') + ' the normal range [',
        fmt(a.expectedLow), ', ', fmt(a.expectedHigh), '].'),
    el('p', {}, 'Score ', el('b', { class: 'explain-score' }, fmt(f.score, 4)), ' from ' + a.detector
        + ', confidence ' + fmt(a.confidence, 2) + (a.confidence < 1 ? ' (still warming up)' : '') + '.'),
  ];
  if (a.attribution && typeof a.attribution === 'object') {
    parts.push(el('p', {}, 'Attribution: ', ...Object.entries(a.attribution).map(([k, v]) =>
      el('span', { class: 'tag' }, k + ' ' + fmt(v, 2)))));
  } else {
    parts.push(el('p', { class: 'muted' }, 'No attribution: ' + a.detector + ' scores the value alone.'));
  }
  box.replaceChildren(...parts);
}

async function refreshRuleStatus() {
  if (state.route.view !== 'stream') return;
  const stream = state.route.stream;
  const note = document.getElementById('rules-note');
  const body = document.querySelector('#rule-status tbody');
  let rules;
  try {
    rules = (await getJson('/api/v1/rules')).rules || [];
    state.rulesAvailable = true;
  } catch (e) {
    state.rulesAvailable = false;
    note.textContent = e.status === 404 ? 'rules unavailable: this server has no /api/v1/rules'
        : 'rules unavailable (' + e.message + ')';
    body.replaceChildren();
    return;
  }
  const rows = [];
  for (const rule of rules) {
    try {
      const status = await getJson('/api/v1/rules/' + encodeURIComponent(rule.id) + '/status?stream='
          + encodeURIComponent(stream));
      for (const s of status.streams || []) {
        if (s.selected === false) continue;
        const why = s.explanation || '';
        rows.push(el('tr', { class: 'state-' + s.state }, el('td', { class: 'text' }, String(rule.id)),
            el('td', {}, s.state), el('td', {}, fmt(s.value)),
            el('td', { class: 'text' }, why + (s.suppression ? ' (' + s.suppression + ')' : ''))));
      }
    } catch (e) {
      rows.push(el('tr', {}, el('td', { class: 'text' }, String(rule.id)), el('td', {}, '–'), el('td', {}, '–'),
          el('td', { class: 'text' }, 'status unavailable: ' + e.message)));
    }
  }
  if (state.route.stream !== stream) return;
  note.textContent = rows.length ? '' : 'no rule selects this stream';
  body.replaceChildren(...rows);
}

// ---- alerts --------------------------------------------------------------------------------------------------

async function refreshAlerts() {
  try {
    const list = await getJson('/api/v1/alerts');
    state.alerts = list.alerts || [];
    if (!state.alertsAvailable) {
      state.alertsAvailable = true;
      listenToAlerts();
    }
    for (const a of state.alerts) if (a.state === 'firing') remember(a);
    document.getElementById('alerts-note').textContent = '';
  } catch (e) {
    state.alertsAvailable = false;
    state.alerts = [];
    document.getElementById('alerts-note').textContent = e.status === 404
        ? 'alerts unavailable: this server has no /api/v1/alerts' : 'alerts unavailable (' + e.message + ')';
  }
  renderAlerts();
  renderOverview();
}

function remember(alert) {
  const at = Date.parse(alert.at);
  if (!num(at)) return;
  if (!state.fired.has(alert.stream)) state.fired.set(alert.stream, new Set());
  state.fired.get(alert.stream).add(at);
}

function listenToAlerts() {
  const live = new EventSource('/api/v1/alerts/live');
  live.onmessage = event => {
    const message = JSON.parse(event.data);
    if (message.state === 'firing') remember(message);
    const i = state.alerts.findIndex(a => a.alertId === message.alertId);
    if (i >= 0) state.alerts[i] = message; else state.alerts.push(message);
    renderAlerts();
    renderOverview();
    if (state.route.view === 'stream' && message.stream === state.route.stream) {
      drawChart();
      refreshRuleStatus();
    }
  };
  live.onerror = () => {
    if (live.readyState === EventSource.CLOSED) live.close();
  };
}

function renderAlerts() {
  const shown = new Set([...document.querySelectorAll('.state-filter')].filter(c => c.checked).map(c => c.value));
  const stream = state.route.view === 'stream' ? state.route.stream : null;
  const order = { firing: 0, pending: 1, resolved: 2 };
  const rows = state.alerts.filter(a => shown.has(a.state) && (!stream || a.stream === stream))
      .sort((a, b) => (order[a.state] - order[b.state]) || (Date.parse(b.at) - Date.parse(a.at)))
      .map(a => el('tr', { class: 'state-' + a.state, dataset: { alert: a.alertId || '' } },
          el('td', {}, a.state), el('td', {}, time(Date.parse(a.at))),
          el('td', { class: 'text rule' }, a.rule || ''),
          el('td', { class: 'text' }, el('a', { href: '#/stream/' + encodeURIComponent(a.stream) }, a.stream)),
          el('td', {}, a.severity || ''), el('td', {}, fmt(a.value)),
          el('td', { class: 'text' }, a.reason || ''),
          el('td', { class: 'text labels' }, ...tagNodes(a.labels)),
          el('td', { class: 'text' }, Object.entries(a.metrics || {}).map(([k, v]) => k + ' ' + fmt(v)).join(', '))));
  document.querySelector('#alerts tbody').replaceChildren(...rows);
}

// ---- wiring --------------------------------------------------------------------------------------------------

document.getElementById('filter').addEventListener('input', renderOverview);
document.getElementById('range').addEventListener('change', () => {
  state.points = [];
  loadHistory();
});
document.getElementById('band-k').addEventListener('input', drawChart);
for (const box of document.querySelectorAll('.state-filter')) box.addEventListener('change', renderAlerts);
window.addEventListener('hashchange', route);
route();
refreshAlerts();
setInterval(() => { if (state.alertsAvailable !== false) refreshAlerts(); }, 3000);
setInterval(() => { if (state.alertsAvailable === false) refreshAlerts(); }, 30000);
setInterval(() => { if (state.rulesAvailable !== false) refreshRuleStatus(); }, 3000);
setInterval(() => {
  if (state.route.view === 'stream' && document.getElementById('range').value !== 'live') loadHistory();
}, 15000);
