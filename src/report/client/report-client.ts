// The report page's own script (runs in the browser, inlined after Chart.js): draws the charts and
// makes the flow table sortable and filterable. Text from the data is only ever set as textContent.

import type { Chart as ChartClass } from 'chart.js';
import type { ChartSpec, ClientData, FlowTableData } from '../report-types.js';

// Chart.js's UMD build, inlined before this script, defines the global.
declare const Chart: typeof ChartClass;

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`report page lacks #${id}`);
  return el as T;
}

function drawChart(spec: ChartSpec): void {
  byId(`${spec.canvas}-box`).style.height = `${spec.height}px`;
  const axis = (stacked: boolean, title: string) => ({ stacked, title: { display: title !== '', text: title } });
  new Chart(byId<HTMLCanvasElement>(spec.canvas), {
    type: 'bar',
    data: {
      labels: spec.labels,
      datasets: spec.datasets.map((d) => ({ label: d.label, data: d.data, backgroundColor: d.color, borderWidth: 0 })),
    },
    options: {
      indexAxis: spec.horizontal ? 'y' : 'x',
      // Drawn at once, so a screenshot or print right after load shows the data.
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: axis(spec.stacked, spec.xTitle), y: axis(spec.stacked, spec.yTitle) },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

function setupFlowTable(t: FlowTableData): void {
  const table = byId<HTMLTableElement>('flow-table');
  const filter = byId<HTMLInputElement>('flow-filter');
  const problems = byId<HTMLInputElement>('flow-problems');
  const count = byId('flow-count');
  const rows = t.rows.map((r, index) => {
    const tr = document.createElement('tr');
    r.cells.forEach((value, i) => {
      const td = document.createElement('td');
      const col = t.columns[i];
      if (typeof value === 'number') {
        td.textContent = value.toLocaleString('en-US');
        td.className = 'num';
        if (col?.alertClass && value > 0) td.classList.add(col.alertClass);
      } else {
        td.textContent = value;
        if (col?.className) td.className = col.className;
      }
      tr.append(td);
    });
    return { tr, row: r, index, text: r.cells.join(' ').toLowerCase() };
  });
  let sortCol = -1;
  let sortDir = 1;
  const headRow = document.createElement('tr');
  const heads = t.columns.map((c, i) => {
    const th = document.createElement('th');
    th.textContent = c.label;
    th.tabIndex = 0;
    th.scope = 'col';
    if (c.numeric) th.className = 'num';
    const sort = (): void => {
      sortDir = sortCol === i ? -sortDir : c.numeric ? -1 : 1;
      sortCol = i;
      render();
    };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        sort();
      }
    });
    headRow.append(th);
    return th;
  });
  table.tHead?.append(headRow);
  const compare = (a: (typeof rows)[number], b: (typeof rows)[number]): number => {
    if (sortCol < 0) return a.index - b.index;
    const x = a.row.cells[sortCol]!;
    const y = b.row.cells[sortCol]!;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sortDir * c || a.index - b.index;
  };
  function render(): void {
    const needle = filter.value.trim().toLowerCase();
    const shown = rows.filter((r) => (!problems.checked || r.row.problem) && (needle === '' || r.text.includes(needle))).sort(compare);
    table.tBodies[0]!.replaceChildren(...shown.map((r) => r.tr));
    heads.forEach((th, i) => {
      if (i === sortCol) th.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    });
    count.textContent = `showing ${shown.length.toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')} rows`;
  }
  filter.addEventListener('input', render);
  problems.addEventListener('change', render);
  render();
}

const data = JSON.parse(byId('report-data').textContent ?? '{}') as ClientData;
for (const spec of data.charts) drawChart(spec);
setupFlowTable(data.flows);
// Closed <details> would print as one line each; a printed report should show every hex view.
window.addEventListener('beforeprint', () => {
  for (const d of document.querySelectorAll('details')) d.open = true;
});
