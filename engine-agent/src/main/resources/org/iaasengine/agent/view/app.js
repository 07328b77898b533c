// The live view: renders the orchestrator's state (JSON) with DOM calls only (textContent, never
// innerHTML: names come from hosts and users). Fed by server-sent events from /api/events.
'use strict';

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function mib(kib) {
  return Math.round(kib / 1024) + ' MiB';
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : '';
}

function renderHosts(hosts) {
  const box = document.getElementById('hosts');
  box.replaceChildren();
  if (!hosts.length) {
    box.appendChild(el('p', 'empty', 'No host heard from yet.'));
    return;
  }
  for (const h of hosts) {
    const card = el('div', 'host ' + h.liveness);
    card.dataset.node = h.node;
    const title = el('div');
    title.appendChild(el('span', 'name', h.node));
    title.appendChild(el('span', 'liveness ' + h.liveness, h.liveness));
    card.appendChild(title);
    card.appendChild(el('div', 'capacity', 'free ' + mib(h.freeMemoryKiB) + ' of ' + mib(h.memoryKiB)
        + ' · ' + h.freeVcpus + ' of ' + h.cpus + ' vCPUs free · ' + h.vmCount + ' VM' + (h.vmCount === 1 ? '' : 's')));
    const vms = el('ul', 'vms');
    for (const v of h.vms) {
      const li = el('li');
      li.dataset.vm = v.name;
      li.appendChild(el('span', 'vm-name', v.name));
      li.appendChild(el('span', 'state ' + v.state, v.state));
      vms.appendChild(li);
    }
    card.appendChild(vms);
    box.appendChild(card);
  }
}

function renderJobs(jobs) {
  const body = document.querySelector('#jobs tbody');
  body.replaceChildren();
  for (const j of jobs) {
    const inFlight = j.status === 'RUNNING' || j.status === 'QUEUED';
    const tr = el('tr', inFlight ? 'running' : 'done');
    tr.dataset.job = j.jobId;
    tr.appendChild(el('td', 'id', j.jobId));
    tr.appendChild(el('td', 'action', j.action));
    tr.appendChild(el('td', 'node', j.node));
    const st = el('td', 'status ' + j.status, j.status);
    if (j.failureMessage) st.title = j.failureCategory + ': ' + j.failureMessage;
    tr.appendChild(st);
    const p = el('td', 'progress');
    const bar = el('span', 'bar');
    const fill = el('span');
    // The agent plans the steps: their number is not known here. A running job's bar grows with
    // each step done and never reaches the end; an answered job's is full.
    const share = inFlight ? j.stepsDone / (j.stepsDone + 1) : 1;
    fill.style.width = Math.round(share * 100) + '%';
    bar.appendChild(fill);
    p.appendChild(bar);
    const step = j.lastStep ? (j.lastStep.step || j.lastStep.what) : '';
    p.appendChild(el('span', 'step', j.stepsDone + ' step' + (j.stepsDone === 1 ? '' : 's') + (step ? ' · ' + step : '')));
    tr.appendChild(p);
    tr.appendChild(el('td', 'submitted', time(j.submittedAt)));
    body.appendChild(tr);
  }
}

function renderEvents(events) {
  const list = document.getElementById('events');
  list.replaceChildren();
  for (const e of events) {
    const li = el('li', 'event event-' + e.kind);
    li.appendChild(el('time', null, time(e.at)));
    li.appendChild(document.createTextNode(e.text));
    list.appendChild(li);
  }
}

function render(state) {
  document.getElementById('orchestrator').textContent = state.orchestrator;
  renderHosts(state.hosts);
  renderJobs(state.jobs);
  renderEvents(state.events);
  document.body.dataset.updated = String(Date.now());
}

function connect() {
  const conn = document.getElementById('connection');
  const source = new EventSource('api/events');
  source.addEventListener('state', (m) => render(JSON.parse(m.data)));
  source.onopen = () => { conn.textContent = 'live'; conn.className = 'connection online'; };
  source.onerror = () => { conn.textContent = 'reconnecting'; conn.className = 'connection offline'; };
}

connect();
