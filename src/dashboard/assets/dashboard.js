// clearance review dashboard: progressive enhancement only. Every page works without this script;
// it adds "select all", hides form parts that do not apply to the chosen action, and draws the
// overview charts (Chart.js, loaded on demand from /dashboard/assets) from a JSON data block.
// Loaded as an external file: the Content-Security-Policy allows no inline script.
(() => {
  function selectAll() {
    const all = document.getElementById('select-all');
    if (!all) return;
    all.addEventListener('change', () => {
      for (const box of document.querySelectorAll('input[type="checkbox"][name="item"]')) box.checked = all.checked;
    });
  }

  function actionDependentParts() {
    for (const form of document.querySelectorAll('form')) {
      const parts = form.querySelectorAll('[data-show-for]');
      const radios = form.querySelectorAll('input[name="action"]');
      if (parts.length === 0 || radios.length === 0) continue;
      const update = () => {
        const chosen = form.querySelector('input[name="action"]:checked');
        const action = chosen ? chosen.value : '';
        for (const part of parts) part.hidden = !part.getAttribute('data-show-for').split(' ').includes(action);
      };
      for (const r of radios) r.addEventListener('change', update);
      update();
    }
  }

  function noDoubleSubmit() {
    for (const form of document.querySelectorAll('form[method="post"]')) {
      form.addEventListener('submit', () => {
        for (const b of form.querySelectorAll('button[type="submit"]')) b.disabled = true;
      });
    }
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  const COLORS = ['#1f5fa8', '#c0392b', '#2e8b57', '#b7791f', '#6b46c1', '#0f766e', '#9d174d', '#4b5563'];

  function chart(id, type, labels, datasets, extra) {
    const canvas = document.getElementById(id);
    if (!canvas || labels.length === 0) return;
    new window.Chart(canvas, {
      type,
      data: { labels, datasets },
      options: Object.assign(
        {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: datasets.length > 1 || type === 'doughnut' } },
          // Counts of items: start at zero, whole numbers only.
          scales:
            type === 'doughnut'
              ? {}
              : {
                  x: { beginAtZero: true, ticks: { precision: 0 } },
                  y: { beginAtZero: true, ticks: { precision: 0 } },
                },
        },
        extra || {},
      ),
    });
  }

  async function charts() {
    const block = document.getElementById('overview-data');
    if (!block) return;
    const data = JSON.parse(block.textContent || '{}');
    if (!window.Chart) await loadScript('/dashboard/assets/chart.umd.min.js');
    chart(
      'chart-days',
      'line',
      data.flaggedByDay.map((d) => d.day),
      [
        {
          label: 'flagged',
          data: data.flaggedByDay.map((d) => d.flagged),
          borderColor: COLORS[0],
          backgroundColor: COLORS[0],
        },
        {
          label: 'to review',
          data: data.flaggedByDay.map((d) => d.open),
          borderColor: COLORS[1],
          backgroundColor: COLORS[1],
        },
      ],
    );
    chart(
      'chart-signals',
      'bar',
      data.flaggedBySignal.map((d) => d.signal),
      [{ label: 'items', data: data.flaggedBySignal.map((d) => d.items), backgroundColor: COLORS[0] }],
      { indexAxis: 'y' },
    );
    chart(
      'chart-languages',
      'doughnut',
      data.flaggedByLanguage.map((d) => d.language),
      [{ label: 'items', data: data.flaggedByLanguage.map((d) => d.items), backgroundColor: COLORS }],
    );
    chart(
      'chart-domains',
      'bar',
      data.topDomains.map((d) => d.domain),
      [
        { label: 'flagged', data: data.topDomains.map((d) => d.flagged), backgroundColor: COLORS[0] },
        { label: 'to review', data: data.topDomains.map((d) => d.open), backgroundColor: COLORS[1] },
      ],
      { indexAxis: 'y' },
    );
    document.body.setAttribute('data-charts', 'drawn');
  }

  document.addEventListener('DOMContentLoaded', () => {
    selectAll();
    actionDependentParts();
    noDoubleSubmit();
    charts().catch((e) => {
      document.body.setAttribute('data-charts', 'failed');
      console.error('charts', e);
    });
  });
})();
