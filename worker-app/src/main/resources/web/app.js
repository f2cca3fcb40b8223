// The job page: plain JavaScript over the Fanout API, the same routes any client calls (see
// /openapi.yaml), with the caller's bearer token. Chart.js draws the timeline and the histogram;
// everything else is the DOM. Text from a job (keys, params, logs, errors) is only ever set as
// textContent, never as HTML.
'use strict';

const STATES = ['SUCCEEDED', 'CACHED', 'FAILED', 'CANCELLED', 'SKIPPED', 'RUNNING', 'PENDING'];
const ENDED = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
// The outcomes of attempts, as `fanout plot` colours them (TimelineChart.java).
const OUTCOMES = {
  SUCCEEDED: '#2e9d5b', FAILED: '#d64541', STOPPED: '#8a9099', LOST: '#e8a33d', RUNNING: '#3b7ddd',
};
const STATE_COLOURS = {
  SUCCEEDED: '#2e9d5b', CACHED: '#8fd1a8', FAILED: '#d64541', CANCELLED: '#8a9099',
  SKIPPED: '#c5c9cf', RUNNING: '#3b7ddd', PENDING: '#e6e8eb',
};
const REFRESH_MS = 2000;
const TIMELINE_EVERY = 2; // refreshes
const LOG_POLL_MS = 1000;
const TOKEN_KEY = 'fanout.token';

const $ = (id) => document.getElementById(id);

// ---- the token: kept in this tab's sessionStorage (or memory where storage is blocked) ----

let memoryToken = null;
function storage() {
  try { return window.sessionStorage; } catch (e) { return null; }
}
function token() {
  const s = storage();
  return (s && s.getItem(TOKEN_KEY)) || memoryToken;
}
function setToken(value) {
  memoryToken = value;
  const s = storage();
  try {
    if (s && value) s.setItem(TOKEN_KEY, value);
    else if (s) s.removeItem(TOKEN_KEY);
  } catch (e) { /* storage refused: memory only */ }
}

// ---- the API ----

class SignedOut extends Error {}

async function api(method, path, body) {
  const headers = { Authorization: 'Bearer ' + token() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    setToken(null);
    showSignIn('The token was not accepted; sign in again.');
    throw new SignedOut();
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const problems = data && data.errors ? data.errors.map((e) => e.field + ': ' + e.message) : [];
    const error = new Error([data && data.error ? data.error : response.statusText, ...problems].join('\n'));
    error.status = response.status;
    throw error;
  }
  return data;
}

// ---- routes: #/ (the caller's jobs), #/jobs/ID; ?token=T and ?embed=1 in the fragment ----

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  if (params.has('token')) {
    setToken(params.get('token'));
    params.delete('token');
    const rest = params.toString();
    // Out of the address bar and the history: the token stays in this tab's storage only.
    history.replaceState(null, '', '#' + path + (rest ? '?' + rest : ''));
  }
  document.body.classList.toggle('embed', params.get('embed') === '1');
  return { path, embed: params.get('embed') === '1' };
}

let view = null; // the view on screen: stop() ends its refreshing

async function show() {
  if (view) view.stop();
  view = null;
  $('error').textContent = '';
  const { path } = route();
  if (!token()) { showSignIn(''); return; }
  for (const id of ['sign-in', 'jobs', 'job']) $(id).hidden = true;
  $('sign-out').hidden = false;
  const job = path.match(/^\/jobs\/([^/]+)$/);
  try {
    view = job ? new JobView(decodeURIComponent(job[1])) : new JobListView();
    await view.start();
  } catch (e) {
    if (!(e instanceof SignedOut)) $('error').textContent = e.message;
  }
}

function showSignIn(message) {
  if (view) view.stop();
  view = null;
  for (const id of ['jobs', 'job']) $(id).hidden = true;
  $('sign-in').hidden = false;
  $('sign-out').hidden = true;
  $('user').textContent = '';
  $('error').textContent = message;
}

// ---- small helpers ----

function el(tag, text, attributes) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  return node;
}

function seconds(s) {
  if (s === null || s === undefined || isNaN(s)) return '';
  if (s < 60) return (s < 10 ? s.toFixed(2) : s.toFixed(1)) + ' s';
  const m = Math.floor(s / 60);
  if (m < 60) return m + ' m ' + String(Math.round(s % 60)).padStart(2, '0') + ' s';
  return Math.floor(m / 60) + ' h ' + String(m % 60).padStart(2, '0') + ' m';
}

function since(start, end) {
  if (!start) return null;
  return ((end ? Date.parse(end) : Date.now()) - Date.parse(start)) / 1000;
}

function time(instant) {
  return instant ? new Date(instant).toLocaleTimeString() : '';
}

function counts(job) {
  const c = job.counts || {};
  return Object.fromEntries(STATES.map((s) => [s, c[s.toLowerCase()] || 0]));
}

function done(c) {
  return c.SUCCEEDED + c.CACHED + c.FAILED + c.CANCELLED + c.SKIPPED;
}

/** Fills a .stacked bar with a segment per state, as wide as its share. */
function stackedBar(bar, job) {
  const c = counts(job);
  bar.replaceChildren();
  const total = Math.max(job.total, 1);
  for (const state of STATES) {
    if (!c[state]) continue;
    const part = el('span', null, { 'data-state': state, title: c[state] + ' ' + state.toLowerCase() });
    part.style.width = (100 * c[state]) / total + '%';
    part.style.background = STATE_COLOURS[state];
    bar.append(part);
  }
}

function phaseBadge(node, phase) {
  node.textContent = phase;
  node.setAttribute('data-state', phase);
}

// ---- the caller's jobs ----

class JobListView {
  constructor() { this.timer = null; }

  async start() {
    $('jobs').hidden = false;
    await this.refresh();
  }

  stop() { clearTimeout(this.timer); this.stopped = true; }

  async refresh() {
    const list = await api('GET', 'jobs?limit=50');
    $('user').textContent = list.owner;
    const jobs = await Promise.all(
      list.jobs.map((j) => api('GET', 'jobs/' + encodeURIComponent(j.jobId)).catch(() => null)));
    if (this.stopped) return;
    const rows = list.jobs.map((owned, i) => this.row(owned, jobs[i]));
    $('job-table').tBodies[0].replaceChildren(...rows);
    $('jobs-empty').hidden = list.jobs.length > 0;
    if (jobs.some((j) => j && !ENDED.includes(j.phase))) {
      this.timer = setTimeout(() => this.refresh().catch(() => {}), REFRESH_MS * 2);
    }
  }

  row(owned, job) {
    const tr = el('tr', null, { 'data-job': owned.jobId });
    const link = el('a', owned.jobId, { href: '#/jobs/' + encodeURIComponent(owned.jobId) });
    const cell = el('td');
    cell.append(link);
    const phase = el('span', null, { class: 'phase' });
    phaseBadge(phase, job ? job.phase : owned.phase);
    const phaseCell = el('td');
    phaseCell.append(phase);
    const bar = el('div', null, { class: 'stacked' });
    if (job) stackedBar(bar, job);
    const barCell = el('td');
    barCell.append(bar);
    const c = job ? counts(job) : null;
    const text = c
      ? done(c) + '/' + job.total + ' done, ' + c.RUNNING + ' running, ' + c.FAILED + ' failed'
      : '';
    tr.append(cell, phaseCell, barCell, el('td', text), el('td', new Date(owned.submittedAt).toLocaleString()));
    return tr;
  }
}

// ---- one job ----

class JobView {
  constructor(jobId) {
    this.jobId = jobId;
    this.base = 'jobs/' + encodeURIComponent(jobId);
    this.tasks = { state: '', sort: 'index', offset: 0, limit: 25 };
    this.ticks = 0;
    this.timer = null;
    this.logs = [];
    this.stopped = false;
    this.charts = {};
  }

  async start() {
    $('job').hidden = false;
    $('job-id').textContent = this.jobId;
    $('log-panel').hidden = true;
    $('action-message').textContent = '';
    $('job-error').textContent = '';
    for (const id of ['mapper-log', 'reducer-log']) $(id).open = false;
    this.wire();
    await this.refresh();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.logs.forEach((l) => l.stop());
    Object.values(this.charts).forEach((c) => c.destroy());
    this.unwire();
  }

  /** Listeners live as long as this view; one set of named handlers, removed by stop(). */
  wire() {
    this.handlers = {
      'task-state': ['change', (e) => { this.tasks.state = e.target.value; this.tasks.offset = 0; this.loadTasks(); }],
      'task-sort': ['change', (e) => { this.tasks.sort = e.target.value; this.tasks.offset = 0; this.loadTasks(); }],
      'task-limit': ['change', (e) => { this.tasks.limit = Number(e.target.value); this.tasks.offset = 0; this.loadTasks(); }],
      'task-prev': ['click', () => { this.tasks.offset = Math.max(0, this.tasks.offset - this.tasks.limit); this.loadTasks(); }],
      'task-next': ['click', () => { this.tasks.offset += this.tasks.limit; this.loadTasks(); }],
      'log-close': ['click', () => this.closeLog()],
      cancel: ['click', (e) => this.cancel(e.target)],
      redrive: ['click', () => this.redrive()],
      'scale-form': ['submit', (e) => { e.preventDefault(); this.scale(); }],
      'download-manifest': ['click', () => this.download()],
      'mapper-log': ['toggle', (e) => this.follow('mapper', e.target)],
      'reducer-log': ['toggle', (e) => this.follow('reducer', e.target)],
    };
    for (const [id, [event, handler]] of Object.entries(this.handlers)) $(id).addEventListener(event, handler);
    $('task-state').value = this.tasks.state;
    $('task-sort').value = this.tasks.sort;
    this.tasks.limit = Number($('task-limit').value);
  }

  unwire() {
    for (const [id, [event, handler]] of Object.entries(this.handlers || {})) $(id).removeEventListener(event, handler);
  }

  async refresh() {
    try {
      const job = await api('GET', this.base);
      if (this.stopped) return;
      this.job = job;
      this.render(job);
      await this.loadTasks();
      if (this.ticks++ % TIMELINE_EVERY === 0 || ENDED.includes(job.phase)) await this.loadTimeline();
      $('error').textContent = '';
      if (ENDED.includes(job.phase)) return; // the last refresh: nothing changes any more
    } catch (e) {
      if (e instanceof SignedOut) return;
      $('error').textContent = e.message;
      if (e.status === 404) { $('job').hidden = true; return; }
    }
    if (!this.stopped) this.timer = setTimeout(() => this.refresh(), REFRESH_MS);
  }

  render(job) {
    phaseBadge($('job-phase'), job.phase);
    $('user').textContent = job.owner;
    $('job-summary').textContent = job.summary;
    stackedBar($('job-bar'), job);
    const c = counts(job);
    $('job-counts').replaceChildren(...STATES.map((state) => {
      const li = el('li', null, { 'data-count': state });
      li.style.setProperty('--swatch', STATE_COLOURS[state]);
      li.append(el('b', String(c[state])), ' ' + state.toLowerCase());
      return li;
    }));
    const ended = ENDED.includes(job.phase);
    const elapsed = since(job.startedAt, ended ? job.updatedAt : null);
    const finished = done(c);
    const facts = [
      ['Window', job.maxParallel + ' at once' + (job.windowChangedAt ? ' (changed ' + time(job.windowChangedAt) + ')' : '')],
      ['Failures tolerated', tolerance(job.failurePolicy)],
      ['Started', job.startedAt ? new Date(job.startedAt).toLocaleString() : ''],
      ['Elapsed', seconds(elapsed)],
    ];
    if (!ended && job.phase === 'RUNNING' && finished > 0 && elapsed > 0) {
      facts.push(['ETA', 'about ' + seconds(((job.total - finished) * elapsed) / finished) + ', at the rate so far']);
    }
    if (job.redriveOf) facts.push(['Redrive of', job.redriveOf]);
    if (job.redrives && job.redrives.length) facts.push(['Redriven by', job.redrives.join(', ')]);
    for (const r of job.retrying || []) facts.push(['Retrying', r.part + ', attempt ' + r.attempt + ': ' + r.lastFailure]);
    $('job-facts').replaceChildren(...facts.flatMap(([name, value]) => [el('dt', name), el('dd', value)]));
    $('job-error').textContent = job.error || '';
    $('cancel').hidden = ended;
    $('scale-form').hidden = ended;
    if (!ended && document.activeElement !== $('scale-window')) $('scale-window').value = job.maxParallel;
    $('redrive').hidden = !ended || finished === c.SUCCEEDED;
    $('result').hidden = !ended;
    $('result-output').textContent = job.output === undefined
      ? (job.phase === 'SUCCEEDED' ? '(no reducer: the results manifest is the result)' : '(no output)')
      : JSON.stringify(job.output, null, 2).slice(0, 20000);
  }

  async loadTasks() {
    const t = this.tasks;
    const query = new URLSearchParams({ offset: t.offset, limit: t.limit });
    if (t.state) query.set('state', t.state);
    if (t.sort !== 'index') query.set('sort', t.sort);
    const page = await api('GET', this.base + '/tasks?' + query);
    if (this.stopped) return;
    $('task-table').tBodies[0].replaceChildren(...page.tasks.map((task) => this.taskRow(task)));
    const last = page.offset + page.tasks.length;
    $('task-range').textContent = page.matching
      ? (page.offset + 1) + '–' + last + ' of ' + page.matching
      : 'none';
    $('task-prev').disabled = page.offset === 0;
    $('task-next').disabled = last >= page.matching;
  }

  taskRow(task) {
    const tr = el('tr', null, { 'data-index': task.index });
    if (this.openTask === task.index) tr.classList.add('open');
    const state = el('span', task.state, { class: 'state', 'data-state': task.state });
    const stateCell = el('td');
    stateCell.append(state);
    const params = task.params === undefined ? '' : JSON.stringify(task.params);
    const error = task.error ? task.error.type + ': ' + task.error.message : '';
    tr.append(
      el('td', String(task.index)),
      el('td', task.key),
      el('td', params, { class: 'params', title: params.slice(0, 2000) }),
      stateCell,
      el('td', task.attempts ? String(task.attempts) : ''),
      el('td', task.executorId || ''),
      el('td', time(task.startedAt)),
      el('td', task.startedAt ? seconds(since(task.startedAt, task.endedAt)) : ''),
      el('td', error, { class: 'error-cell', title: error }),
    );
    tr.addEventListener('click', () => this.openLog(task.index));
    return tr;
  }

  async loadTimeline() {
    const timeline = await api('GET', this.base + '/timeline');
    if (this.stopped) return;
    this.drawTimeline(timeline);
    this.drawHistogram(timeline.histogram);
  }

  drawTimeline(timeline) {
    const lanes = Array.from({ length: Math.max(timeline.lanes, 1) }, (_, i) => 'slot ' + i);
    const datasets = Object.entries(OUTCOMES).map(([outcome, colour]) => ({
      label: outcome.toLowerCase(),
      backgroundColor: colour,
      // A retry is outlined, so a sub-job's later attempts stand out from first ones.
      borderColor: '#1f2328',
      borderWidth: (c) => (c.raw && c.raw.bar.attempt > 1 ? 1.5 : 0),
      borderSkipped: false,
      grouped: false,
      barPercentage: 1,
      categoryPercentage: 0.8,
      minBarLength: 2,
      data: timeline.bars.filter((b) => b.outcome === outcome)
        .map((b) => ({ x: [b.start, b.end], y: 'slot ' + b.lane, bar: b })),
    })).filter((d) => d.data.length);
    $('timeline-box').style.height = Math.min(600, Math.max(160, 60 + lanes.length * 16)) + 'px';
    $('timeline-note').textContent = timeline.bars.length + ' attempts of ' + timeline.subJobs
      + ' sub-jobs' + (timeline.subJobs < timeline.total ? ' (the first ' + timeline.subJobs + ' of ' + timeline.total + ')' : '')
      + ' on ' + timeline.lanes + ' slots; a bar per attempt (a retry outlined), click one for its log.';
    this.chart('timeline', { labels: lanes, datasets }, {
      indexAxis: 'y',
      scales: {
        x: { type: 'linear', min: 0, title: { display: true, text: 'seconds since the first attempt started' } },
        y: { ticks: { autoSkip: true } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item) => {
              const b = item.raw.bar;
              return 'sub-job ' + b.index + ' (' + b.key + '), attempt ' + b.attempt + ': '
                + b.outcome.toLowerCase() + ', ' + seconds(b.end - b.start);
            },
          },
        },
      },
      onClick: (event, elements) => {
        if (elements.length) {
          const item = this.charts.timeline.data.datasets[elements[0].datasetIndex].data[elements[0].index];
          this.openLog(item.bar.index);
        }
      },
    });
  }

  drawHistogram(histogram) {
    const labels = histogram.counts.map((_, i) => seconds(i * histogram.binSeconds));
    const data = {
      labels,
      datasets: [{ label: 'attempts', data: histogram.counts, backgroundColor: OUTCOMES.SUCCEEDED }],
    };
    this.chart('histogram', data, {
      plugins: { legend: { display: false } },
      scales: {
        x: { title: { display: true, text: 'duration (bin start)' } },
        y: { title: { display: true, text: 'attempts' }, ticks: { precision: 0 } },
      },
    });
  }

  /** The bar chart on canvas `id`: made once, then given new data at each refresh. */
  chart(id, data, options) {
    if (this.charts[id]) {
      this.charts[id].data = data;
      this.charts[id].update('none');
      return;
    }
    this.charts[id] = new Chart($(id), {
      type: 'bar', data, options: { animation: false, maintainAspectRatio: false, ...options },
    });
  }

  openLog(index) {
    this.closeLog();
    this.openTask = index;
    for (const row of $('task-table').tBodies[0].rows) row.classList.toggle('open', Number(row.dataset.index) === index);
    $('log-panel').hidden = false;
    $('log-title').textContent = String(index);
    this.taskLog = new LogFollower(this.base, String(index), $('log-lines'), $('log-status'));
    this.logs.push(this.taskLog);
    this.taskLog.start();
  }

  closeLog() {
    if (this.taskLog) this.taskLog.stop();
    this.taskLog = null;
    this.openTask = null;
    $('log-panel').hidden = true;
  }

  follow(part, details) {
    const pre = details.querySelector('pre');
    if (details.open) {
      const follower = new LogFollower(this.base, part, pre, null);
      details.follower = follower;
      this.logs.push(follower);
      follower.start();
    } else if (details.follower) {
      details.follower.stop();
    }
  }

  async cancel(button) {
    // Two clicks, without a dialog: a page framed in a notebook may not open one.
    if (!button.classList.contains('confirm')) {
      button.classList.add('confirm');
      button.textContent = 'Really cancel? Click again';
      setTimeout(() => { button.classList.remove('confirm'); button.textContent = 'Cancel job'; }, 5000);
      return;
    }
    button.classList.remove('confirm');
    button.textContent = 'Cancel job';
    await this.act(() => api('POST', this.base + '/cancel'), 'Cancelling: running sub-jobs are being stopped.');
  }

  async redrive() {
    await this.act(async () => {
      const started = await api('POST', this.base + '/redrive');
      location.hash = '#/jobs/' + encodeURIComponent(started.jobId) + (document.body.classList.contains('embed') ? '?embed=1' : '');
    }, '');
  }

  async scale() {
    const maxParallel = Number($('scale-window').value);
    await this.act(async () => {
      const window = await api('PATCH', this.base, { maxParallel });
      $('action-message').textContent = 'The window is now ' + window.maxParallel + '.';
    }, null);
  }

  async act(action, message) {
    try {
      await action();
      if (message !== null) $('action-message').textContent = message;
      clearTimeout(this.timer);
      if (!this.stopped) this.timer = setTimeout(() => this.refresh(), 300);
    } catch (e) {
      if (!(e instanceof SignedOut)) $('action-message').textContent = e.message;
    }
  }

  async download() {
    const response = await fetch(this.base + '/results', { headers: { Authorization: 'Bearer ' + token() } });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      $('action-message').textContent = body.error || response.statusText;
      return;
    }
    const link = el('a', null, { download: this.jobId + '-results.jsonl' });
    link.href = URL.createObjectURL(await response.blob());
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }
}

function tolerance(policy) {
  if (!policy) return 'none';
  const parts = [];
  const count = policy.toleratedFailures;
  if (count !== undefined && count !== null) parts.push(count + (count === 1 ? ' sub-job' : ' sub-jobs'));
  if (policy.toleratedFailurePercent !== undefined && policy.toleratedFailurePercent !== null) parts.push(policy.toleratedFailurePercent + '%');
  return parts.length ? parts.join(' or ') : 'none';
}

/** A log shown as it grows: asks for the lines after the last it has until the API says `last`. */
class LogFollower {
  constructor(base, task, pre, status) {
    this.url = base + '/logs?task=' + encodeURIComponent(task) + '&limit=1000&offset=';
    this.pre = pre;
    this.status = status;
    this.offset = 0;
    this.stopped = false;
    this.pre.textContent = '';
  }

  start() { this.poll(); }

  stop() { this.stopped = true; clearTimeout(this.timer); }

  async poll() {
    try {
      const page = await api('GET', this.url + this.offset);
      if (this.stopped) return;
      if (page.lines.length) {
        this.pre.append(page.lines.map((l) => l.text).join('\n') + '\n');
        this.pre.scrollTop = this.pre.scrollHeight;
      }
      this.offset = page.nextOffset;
      const more = page.lines.length === 1000;
      if (this.status) this.status.textContent = page.last ? page.nextOffset + ' lines; ended.' : page.nextOffset + ' lines so far; following…';
      this.pre.dataset.lines = String(page.nextOffset);
      if (!page.last) this.timer = setTimeout(() => this.poll(), more ? 0 : LOG_POLL_MS);
    } catch (e) {
      if (!(e instanceof SignedOut) && this.status) this.status.textContent = e.message;
    }
  }
}

// ---- start ----

$('sign-in-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  setToken($('token').value.trim());
  $('token').value = '';
  await show();
});
$('sign-out').addEventListener('click', () => { setToken(null); location.hash = '#/'; showSignIn(''); });
window.addEventListener('hashchange', show);
show();
