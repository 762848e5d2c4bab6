'use strict';
// The ops console: polls the admin API once a second with the token kept in
// this tab's sessionStorage (never in a URL), keeps the last minutes in
// memory, and drives every control through the same API ops use with curl.
(() => {
  const TOKEN_KEY = 'surge-admin-token';
  const POLL_MS = 1000;
  const HISTORY_MS = 5 * 60 * 1000;
  const DEAD_LETTERS_SHOWN = 20;
  const EXAMPLE_SCHEDULE = {
    timeZone: 'Europe/Berlin',
    windows: [{ from: '10:00', to: '22:00', ratePerSecond: 200 }],
    otherwiseRatePerSecond: 0,
  };
  const $ = (id) => document.getElementById(id);
  const SERIES = ['measured', 'ceiling', 'effective', 'total', 'deadLetters'];
  const history = { t: [], measured: [], ceiling: [], effective: [], total: [], deadLetters: [], partitions: [] };
  let token = sessionStorage.getItem(TOKEN_KEY);
  let timer = null;
  let charts = null;
  // The list is read from the whole dead-letter topic, so only when the count moved, never on every poll.
  let listedCount = null;
  // A listing takes seconds; one started later must not be overwritten by an earlier one answering last.
  let listing = 0;

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function api(method, path, body) {
    const headers = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`/admin/${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = { message: text };
    }
    if (!response.ok) {
      const message = data && data.message ? [].concat(data.message).join('; ') : response.statusText;
      throw new ApiError(response.status, `${response.status}: ${message}`);
    }
    return data;
  }

  const duration = (seconds) =>
    seconds < 120
      ? `${Math.round(seconds)} s`
      : seconds < 7200
        ? `${Math.round(seconds / 60)} min`
        : `${Math.round(seconds / 3600)} h`;
  const rate = (n) => (n === null ? 'unlimited' : `${Math.round(n).toLocaleString('en')}/s`);
  const setTile = (id, text, value) => {
    $(id).textContent = text;
    $(id).dataset.value = value === null || value === undefined ? '' : String(value);
  };

  async function logIn(candidate) {
    token = candidate;
    try {
      await api('GET', 'throttle');
    } catch (error) {
      token = null;
      $('login-error').textContent =
        error.status === 401 ? 'That token was refused: nothing was changed. Check ADMIN_TOKEN.' : error.message;
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, candidate);
    $('login-error').textContent = '';
    $('login').hidden = true;
    $('dashboard').hidden = false;
    $('logout').hidden = false;
    await poll();
    timer = setInterval(() => void poll(), POLL_MS);
  }

  function logOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    location.reload();
  }

  async function poll() {
    let throttle, group, backlog, dlq;
    try {
      [throttle, group, backlog, dlq] = await Promise.all([
        api('GET', 'throttle'),
        api('GET', 'group'),
        api('GET', 'backlog'),
        api('GET', 'dlq/count'),
      ]);
    } catch (error) {
      if (error.status === 401) return logOut();
      $('error').textContent = `Refreshing failed: ${error.message}`;
      return;
    }
    const limited = throttle.groupCeiling > 0;
    const measured = group.members.reduce((sum, m) => sum + m.measuredRate, 0);
    const effective = limited ? group.members.reduce((sum, m) => sum + m.effectiveRate, 0) : null;
    const paused = group.members.some((m) => m.paused) || throttle.paused;
    remember(Date.now() / 1000, {
      measured,
      ceiling: limited ? throttle.groupCeiling : null,
      effective,
      total: backlog.totalLag,
      deadLetters: dlq.count,
      partitions: backlog.partitions.map((p) => p.lag),
    });

    $('group').textContent = `group ${group.groupId}, ${group.members.length} member(s)`;
    setTile('total-lag', backlog.totalLag.toLocaleString('en'), backlog.totalLag);
    setTile('measured-rate', rate(measured), measured);
    setTile(
      'ceiling',
      `${rate(limited ? throttle.groupCeiling : null)} (${throttle.ceiling.source})`,
      throttle.groupCeiling,
    );
    setTile('effective-rate', rate(effective), effective);
    setTile('state', paused ? 'paused' : 'draining', paused ? 'paused' : 'draining');
    setTile('eta', backlog.etaSeconds === null ? '-' : `${backlog.etaSeconds} s`, backlog.etaSeconds);
    // How close the oldest waiting order is to what Kafka keeps: the one figure that says orders could be lost.
    const oldest = Math.max(0, ...backlog.partitions.map((p) => p.oldestOrderAgeSeconds ?? 0));
    const retention = backlog.retentionSeconds;
    setTile(
      'oldest-age',
      `${duration(oldest)} of ${retention === null ? 'unlimited' : `${duration(retention)} (${((oldest / retention) * 100).toFixed(1)}%)`}`,
      oldest,
    );
    // Growth over the minutes the page has watched: a rising count means orders are being refused now.
    const grown = dlq.count - history.deadLetters[0];
    const watched = duration(history.t[history.t.length - 1] - history.t[0]);
    setTile(
      'dlq-count',
      `${dlq.count.toLocaleString('en')} (${grown < 0 ? '' : '+'}${grown} in ${watched})`,
      dlq.count,
    );
    if (dlq.count !== listedCount) void listDeadLetters(dlq.count);
    $('below').textContent = throttle.belowCeiling
      ? `Below the ceiling${throttle.belowCeiling.since ? ` since ${throttle.belowCeiling.since}` : ''}: ${throttle.belowCeiling.reason}`
      : '';
    renderSchedule(throttle.ceiling);
    renderMembers(group.members);
    draw();
  }

  function remember(t, sample) {
    history.t.push(t);
    for (const key of SERIES) history[key].push(sample[key]);
    sample.partitions.forEach((lag, i) => {
      if (!history.partitions[i]) history.partitions[i] = history.t.slice(0, -1).map(() => null);
      history.partitions[i].push(lag);
    });
    while (history.t.length > 0 && history.t[0] < t - HISTORY_MS / 1000) {
      history.t.shift();
      for (const key of SERIES) history[key].shift();
      history.partitions.forEach((series) => series.shift());
    }
  }

  function draw() {
    if (!window.uPlot) return;
    const width = Math.max(300, $('chart-rate').parentElement.clientWidth - 16);
    if (!charts || charts.partitions !== history.partitions.length) {
      if (charts) charts.backlog.destroy();
      const rateChart =
        charts?.rate ??
        new uPlot(
          {
            width,
            height: 220,
            series: [
              {},
              { label: 'drained', stroke: '#1f6fd1', width: 2 },
              { label: 'ceiling', stroke: '#b00020', dash: [6, 4] },
              { label: 'effective', stroke: '#e08a00' },
            ],
            scales: { x: { time: true } },
          },
          [[], [], [], []],
          $('chart-rate'),
        );
      const backlogChart = new uPlot(
        {
          width,
          height: 220,
          series: [
            {},
            { label: 'total', stroke: '#1d2330', width: 2 },
            ...history.partitions.map((_, i) => ({ label: `p${i}`, stroke: `hsl(${(i * 47) % 360} 60% 50%)` })),
          ],
          scales: { x: { time: true } },
        },
        [[], [], ...history.partitions.map(() => [])],
        $('chart-backlog'),
      );
      charts = { rate: rateChart, backlog: backlogChart, partitions: history.partitions.length };
    }
    charts.rate.setData([history.t, history.measured, history.ceiling, history.effective]);
    charts.backlog.setData([history.t, history.total, ...history.partitions]);
  }

  function renderSchedule(ceiling) {
    const parts = [];
    if (!ceiling.schedule) parts.push('No schedule: the manual ceiling applies.');
    else if (ceiling.overridesSchedule)
      parts.push('A manual ceiling overrides the schedule until you follow it again.');
    if (ceiling.activeWindow) {
      const w = ceiling.activeWindow;
      parts.push(`Active window ${w.from}-${w.to} at ${rate(w.ratePerSecond || null)} until ${w.endsAt}.`);
    } else if (ceiling.schedule) parts.push('Outside every window.');
    if (ceiling.nextWindow) parts.push(`Next window ${ceiling.nextWindow.from} begins ${ceiling.nextWindow.beginsAt}.`);
    $('schedule-now').textContent = parts.join(' ');
    if (document.activeElement !== $('schedule-input') && !$('schedule-input').dataset.edited) {
      $('schedule-input').value = JSON.stringify(ceiling.schedule ?? EXAMPLE_SCHEDULE, null, 2);
    }
  }

  function renderMembers(members) {
    const rows = members.map((m) => {
      const cells = [
        m.host,
        m.pid,
        m.partitions.join(', ') || '-',
        `${Math.round(m.share * 100)}%`,
        Math.round(m.measuredRate),
        m.instanceCeiling > 0 ? Math.round(m.effectiveRate) : 'unlimited',
        m.settings.partitionsConcurrency,
        m.settings.batchSize,
        m.paused ? 'paused' : 'draining',
      ];
      const tr = document.createElement('tr');
      tr.dataset.member = m.memberId;
      for (const cell of cells) {
        const td = document.createElement('td');
        td.textContent = String(cell);
        tr.append(td);
      }
      return tr;
    });
    $('members').tBodies[0].replaceChildren(...rows);
  }

  async function listDeadLetters(count) {
    listedCount = count;
    const mine = ++listing;
    let deadLetters;
    try {
      ({ deadLetters } = await api('GET', 'dlq'));
    } catch (error) {
      if (mine !== listing) return;
      listedCount = null; // try again on the next poll
      $('error').textContent = `Listing dead letters failed: ${error.message}`;
      return;
    }
    if (mine !== listing) return;
    const newest = deadLetters.sort((a, b) => b.time.localeCompare(a.time)).slice(0, DEAD_LETTERS_SHOWN);
    const rows = newest.map((d) => {
      const tr = document.createElement('tr');
      tr.dataset.partition = String(d.partition);
      tr.dataset.offset = d.offset;
      const cells = [
        `${d.partition}:${d.offset}`,
        `${d.source.partition ?? '-'}@${d.source.offset ?? '-'}`,
        d.orderId ?? '-',
        d.error,
        d.time,
      ];
      for (const cell of cells) {
        const td = document.createElement('td');
        td.textContent = cell;
        tr.append(td);
      }
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Re-drive';
      button.addEventListener('click', () =>
        redrive(
          `Re-drive dead letter ${d.partition}:${d.offset} (order ${d.orderId ?? 'unknown'}) into the orders topic?`,
          { partition: d.partition, from: Number(d.offset), to: Number(d.offset) },
        ),
      );
      const td = document.createElement('td');
      td.append(button);
      tr.append(td);
      return tr;
    });
    $('dlq-table').tBodies[0].replaceChildren(...rows);
  }

  const redrive = (question, selection) =>
    change(
      question,
      () => api('POST', 'dlq/replay', selection),
      (r) =>
        `Re-drove ${r.replayed.length} dead letter(s) into ${r.ordersTopic}` +
        (r.replayed.length ? `: ${r.replayed.map((d) => `${d.partition}:${d.offset}`).join(', ')}.` : '.'),
    );

  /** Every change: confirm, call, say what it did, refresh; a refusal shows the API's own message. */
  async function change(question, action, effect) {
    $('notice').textContent = '';
    $('error').textContent = '';
    if (!confirm(question)) return;
    try {
      const result = await action();
      $('notice').textContent = effect(result);
      await poll();
    } catch (error) {
      $('error').textContent = `Not changed: ${error.message}`;
    }
  }

  const integer = (id) => ($(id).value.trim() === '' ? undefined : Number($(id).value));

  function wire() {
    $('login').addEventListener('submit', (event) => {
      event.preventDefault();
      void logIn($('token').value);
    });
    $('logout').addEventListener('click', logOut);
    $('ceiling-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const value = integer('ceiling-input');
      void change(
        `Set the group's ceiling to ${rate(value || null)}?`,
        () => api('PATCH', 'throttle', { ratePerSecond: value }),
        (s) => `Ceiling now ${rate(s.groupCeiling || null)}; every instance follows within a second.`,
      );
    });
    $('follow-schedule').addEventListener('click', () =>
      change(
        'Drop the manual ceiling and follow the schedule?',
        () => api('DELETE', 'throttle/override'),
        (s) => `Ceiling now ${rate(s.groupCeiling || null)} (${s.ceiling.source}).`,
      ),
    );
    $('pause').addEventListener('click', () =>
      change(
        'Pause draining for the whole group? Orders keep queueing in Kafka.',
        () => api('POST', 'pause'),
        () => 'Paused: the batches in hand commit, then draining stops.',
      ),
    );
    $('resume').addEventListener('click', () =>
      change(
        'Resume draining?',
        () => api('POST', 'resume'),
        () => 'Resumed.',
      ),
    );
    $('settings-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const body = { partitionsConcurrency: integer('concurrency-input'), batchSize: integer('batch-input') };
      void change(
        `Apply ${JSON.stringify(body)} to every instance? A new concurrency restarts each run loop after its batch in hand.`,
        () => api('PATCH', 'drain', body),
        (s) =>
          `Stored: ${s.partitionsConcurrency} partitions at once, batches of ${s.batchSize}; members apply it within a second.`,
      );
    });
    $('schedule-input').addEventListener('input', () => ($('schedule-input').dataset.edited = '1'));
    $('schedule-form').addEventListener('submit', (event) => {
      event.preventDefault();
      let schedule;
      try {
        schedule = JSON.parse($('schedule-input').value);
      } catch (error) {
        $('error').textContent = `Not changed: the schedule is not JSON (${error.message})`;
        return;
      }
      void change(
        'Save this schedule? It replaces the current one and clears a manual override.',
        () => api('PUT', 'schedule', schedule),
        (s) => {
          delete $('schedule-input').dataset.edited;
          return `Schedule saved; ceiling now ${rate(s.groupCeiling || null)}.`;
        },
      );
    });
    $('schedule-remove').addEventListener('click', () =>
      change(
        'Remove the schedule? The manual ceiling applies from now on.',
        () => api('DELETE', 'schedule'),
        (s) => `Schedule removed; ceiling now ${rate(s.groupCeiling || null)}.`,
      ),
    );
    const sku = () => encodeURIComponent($('sku-input').value.trim());
    const showStock = (s) => `${s.sku}: ${s.available.toLocaleString('en')} available`;
    $('stock-read').addEventListener('click', async () => {
      try {
        $('stock-view').textContent = showStock(await api('GET', `inventory/${sku()}`));
      } catch (error) {
        $('stock-view').textContent = error.message;
      }
    });
    $('stock-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const delta = integer('delta-input');
      void change(
        `Adjust ${$('sku-input').value} by ${delta}?`,
        () => api('POST', `inventory/${sku()}/adjust`, { delta }),
        (s) => {
          $('stock-view').textContent = showStock(s);
          return `Stock adjusted: ${showStock(s)}.`;
        },
      );
    });
    $('redrive-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const selection = {
        partition: integer('redrive-partition'),
        from: integer('redrive-from'),
        to: integer('redrive-to'),
      };
      void redrive(`Re-drive the dead letters ${JSON.stringify(selection)} into the orders topic?`, selection);
    });
  }

  wire();
  if (token) void logIn(token);
})();
