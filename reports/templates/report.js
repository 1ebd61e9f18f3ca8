// report.html's script. It reads the two JSON blocks, builds every view once, and
// then only toggles classes: filtering a thousand cells touches no layout but
// theirs. Text from the documents goes into the page through textContent only
// (never parsed as HTML): case output is arbitrary and must show as the bytes it was.
(function () {
  'use strict';

  // ---- reading the documents tolerantly (a partial or merged run must render) ----
  function readJson(id) {
    var node = document.getElementById(id);
    try { return node ? JSON.parse(node.textContent) : null; } catch (e) { return null; }
  }
  function isObj(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
  function obj(v) { return isObj(v) ? v : {}; }
  function arr(v) { return Array.isArray(v) ? v : []; }
  function str(v) {
    if (v === null || v === undefined) return '';
    return typeof v === 'string' ? v : JSON.stringify(v);
  }
  function num(v) { return typeof v === 'number' && isFinite(v) ? v : null; }

  var results = obj(readJson('mpconform-results'));
  var comparison = readJson('mpconform-comparison');
  var run = obj(results.run);
  var cases = obj(results.cases);
  var cells = arr(results.cells).filter(isObj);

  // ---- building DOM from text ----
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = str(text);
    return e;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) continue;
      parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return parent;
  }
  function secs(s) {
    s = num(s);
    if (s === null) return '';
    if (s < 10) return s.toFixed(3) + ' s';
    if (s < 120) return s.toFixed(1) + ' s';
    var m = Math.floor(s / 60), r = Math.round(s - m * 60);
    return m + ' min ' + (r < 10 ? '0' : '') + r + ' s';
  }
  function obsText(o) {
    var keys = Object.keys(obj(o)).sort();
    return keys.map(function (k) { return k + '=' + str(o[k]); }).join(' ');
  }

  // The outcome's family decides its colour; the family is looked up in a closed
  // list, so no document text ever becomes a class name.
  var FAMILIES = ['ok', 'pickling-error', 'bootstrap-error', 'exception', 'deadlock', 'timeout',
                  'crash', 'exit', 'unsupported', 'harness-error'];
  function family(outcome) {
    var f = str(outcome).split(':')[0];
    return FAMILIES.indexOf(f) >= 0 ? f : 'other';
  }
  function verdictClass(v) {
    return v === 'PASS' ? 'v-pass' : v === 'FAIL' ? 'v-fail' : v === 'NEW' ? 'v-new' : 'v-fail';
  }

  // ---- the layout: interpreters (with exe mode) by methods, cases as rows ----
  function interpKey(c) {
    var p = obj(c.python);
    return str(p.version) + '\u0000' + str(p.executable) + '\u0000' + (str(c.exe_mode) || 'python');
  }
  var interps = [], interpIndex = {};
  function addInterp(version, executable, mode) {
    var k = version + '\u0000' + executable + '\u0000' + mode;
    if (!(k in interpIndex)) {
      interpIndex[k] = interps.length;
      interps.push({key: k, version: version, executable: executable, mode: mode, defaults: {}});
    }
  }
  var modes = [];
  cells.forEach(function (c) {
    var m = str(c.exe_mode) || 'python';
    if (modes.indexOf(m) < 0) modes.push(m);
  });
  if (!modes.length) modes.push('python');
  // run.interpreters gives the order; cells may name others (a merged document).
  modes.forEach(function (m) {
    arr(run.interpreters).forEach(function (p) {
      p = obj(p);
      addInterp(str(p.version), str(p.executable), m);
    });
  });
  cells.forEach(function (c) {
    var p = obj(c.python);
    addInterp(str(p.version), str(p.executable), str(c.exe_mode) || 'python');
  });
  // Drop interpreters the run named but no cell used (e.g. an exe mode not run).
  var used = {};
  cells.forEach(function (c) { used[interpKey(c)] = true; });
  interps = interps.filter(function (g) { return used[g.key]; });
  interpIndex = {};
  interps.forEach(function (g, i) { interpIndex[g.key] = i; });
  interps.forEach(function (g) {
    var sameVersion = interps.filter(function (h) { return h.version === g.version && h.mode === g.mode; }).length;
    g.label = 'python ' + g.version + (sameVersion > 1 ? ' (' + g.executable + ')' : '') +
              (modes.length > 1 || g.mode !== 'python' ? ', ' + g.mode + ' mode' : '');
  });

  var methods = arr(run.methods).map(str);
  cells.forEach(function (c) { var m = str(c.method); if (methods.indexOf(m) < 0) methods.push(m); });

  var caseIds = [];
  cells.forEach(function (c) { var id = str(c.case); if (caseIds.indexOf(id) < 0) caseIds.push(id); });
  caseIds.sort();

  // cellAt[case][interp][method] = index into cells
  var cellAt = {};
  var byKey = {};  // for the compare view: case, method, exe mode, version
  cells.forEach(function (c, i) {
    var id = str(c.case), g = interpIndex[interpKey(c)], m = str(c.method);
    cellAt[id] = cellAt[id] || {};
    cellAt[id][g] = cellAt[id][g] || {};
    cellAt[id][g][m] = i;
    byKey[[id, m, str(c.exe_mode) || 'python', str(obj(c.python).version)].join('\u0000')] = i;
    if (m === 'default' && c.resolved_method) {
      var d = interps[g].defaults;
      d[str(c.resolved_method)] = true;
    }
  });
  function defaultOf(g) {
    var ks = Object.keys(interps[g].defaults);
    return ks.length === 1 ? ks[0] : '';
  }

  var tagsOf = {};
  var allTags = [];
  caseIds.forEach(function (id) {
    tagsOf[id] = arr(obj(cases[id]).tags).map(str);
    tagsOf[id].forEach(function (t) { if (allTags.indexOf(t) < 0) allTags.push(t); });
  });
  allTags.sort();

  // ---- filters: every filterable element registered once with what it depends on ----
  var state = {failures: false, hiddenMethods: {}, hiddenInterps: {}, tags: {}, text: '', claimFails: false};
  var filterables = [];  // {el, interp, method, kase, row}
  var groupHeads = [];   // {el, interp, span}
  function register(e, interp, method, kase) {
    filterables.push({el: e, interp: interp, method: method, kase: kase});
  }
  var caseHasFail = {};  // case -> list of {interp, method} where a cell FAILs
  var caseClaimFails = {};  // case -> list of {interp, method} where the claim did not hold
  cells.forEach(function (c) {
    var id = str(c.case), where = {interp: interpIndex[interpKey(c)], method: str(c.method)};
    if (c.verdict === 'FAIL') (caseHasFail[id] = caseHasFail[id] || []).push(where);
    if (c.claim_holds === false) (caseClaimFails[id] = caseClaimFails[id] || []).push(where);
  });
  function columnShown(interp, method) {
    return !(interp !== null && state.hiddenInterps[interp]) && !(method !== null && state.hiddenMethods[method]);
  }
  function anyShown(list) {
    return arr(list).some(function (w) { return columnShown(w.interp, w.method); });
  }
  function caseShown(id) {
    if (state.text && id.toLowerCase().indexOf(state.text) < 0) return false;
    var selected = Object.keys(state.tags);
    if (selected.length && !tagsOf[id].some(function (t) { return state.tags[t]; })) return false;
    return true;
  }
  var matrixTable = document.getElementById('matrix');
  var claimBlocks = [];  // {el, kase}

  function applyFilters() {
    var shownCase = {}, shownCases = 0;
    caseIds.forEach(function (id) {
      var ok = caseShown(id) && (!state.failures || anyShown(caseHasFail[id]));
      shownCase[id] = ok;
      if (ok) shownCases++;
    });
    for (var i = 0; i < filterables.length; i++) {
      var f = filterables[i];
      var show = columnShown(f.interp, f.method) && (f.kase === null || shownCase[f.kase]);
      f.el.classList.toggle('hide', !show);
    }
    groupHeads.forEach(function (h) {
      var span = methods.filter(function (m) { return columnShown(h.interp, m); }).length;
      h.el.classList.toggle('hide', span === 0 || !columnShown(h.interp, null));
      if (span) h.el.colSpan = span;
    });
    claimBlocks.forEach(function (b) {
      var show = caseShown(b.kase) && (!state.claimFails || anyShown(caseClaimFails[b.kase])) &&
                 (!state.failures || anyShown(caseHasFail[b.kase]));
      b.el.classList.toggle('hide', !show);
    });
    matrixTable.classList.toggle('only-fail', state.failures);
    var cols = 0;
    interps.forEach(function (g, gi) { methods.forEach(function (m) { if (columnShown(gi, m)) cols++; }); });
    document.getElementById('f-status').textContent =
        shownCases + ' of ' + caseIds.length + ' cases, ' + cols + ' of ' + interps.length * methods.length + ' columns';
  }

  // ---- header, banners ----
  function tally() {
    var n = {PASS: 0, FAIL: 0, NEW: 0};
    cells.forEach(function (c) { if (c.verdict in n) n[c.verdict]++; else n.FAIL++; });
    return n;
  }
  (function header() {
    var n = tally(), t = document.getElementById('tally');
    add(t, cells.length + ' cells: ' + n.PASS + ' PASS, ');
    add(t, el('span', n.FAIL ? 'fail' : '', n.FAIL + ' FAIL'));
    add(t, ', ' + n.NEW + ' NEW');
    var d = num(run.duration_s);
    if (d !== null) add(t, ' in ' + secs(d));
    if (run.started) add(t, ' \u00b7 ' + str(run.started));
    if (run.host) {
      var h = obj(run.host);
      add(t, ' \u00b7 ' + [h.os, h.kernel, h.machine].map(str).filter(Boolean).join(' '));
    }
    var banners = document.getElementById('banners');
    if (run.complete === false) {
      var planned = num(run.planned_cells);
      add(banners, el('div', 'banner', 'The run was interrupted' +
          (planned !== null ? ' after ' + cells.length + ' of ' + planned + ' planned cells' : '') +
          '; cells that did not finish are missing.'));
    }
    var errs = arr(run.case_errors);
    if (errs.length)
      add(banners, el('div', 'banner', errs.length + ' case file(s) could not be read; see the Run tab.'));
  })();

  // ---- filter controls ----
  function checkbox(parent, text, checked, onChange) {
    var l = el('label'), box = el('input');
    box.type = 'checkbox';
    box.checked = checked;
    box.addEventListener('change', function () { onChange(box.checked); applyFilters(); });
    add(l, box, ' ' + text);
    add(parent, l);
    return box;
  }
  (function filterControls() {
    document.getElementById('filters').addEventListener('submit', function (e) { e.preventDefault(); });
    document.getElementById('f-failures').addEventListener('change', function (e) {
      state.failures = e.target.checked; applyFilters();
    });
    document.getElementById('f-claim-fails').addEventListener('change', function (e) {
      state.claimFails = e.target.checked; applyFilters();
    });
    var ms = document.getElementById('f-methods');
    methods.forEach(function (m) {
      checkbox(ms, m, true, function (on) { if (on) delete state.hiddenMethods[m]; else state.hiddenMethods[m] = true; });
    });
    var is = document.getElementById('f-interps');
    interps.forEach(function (g, gi) {
      checkbox(is, g.label.replace(/^python /, ''), true,
               function (on) { if (on) delete state.hiddenInterps[gi]; else state.hiddenInterps[gi] = true; });
    });
    var ts = document.getElementById('f-tags'), tagSummary = document.getElementById('f-tags-summary');
    if (!allTags.length) document.getElementById('f-tags-box').hidden = true;
    allTags.forEach(function (t) {
      checkbox(ts, t, false, function (on) {
        if (on) state.tags[t] = true; else delete state.tags[t];
        tagSummary.textContent = Object.keys(state.tags).sort().join(', ') || 'any';
      });
    });
    var search = document.getElementById('f-case');
    search.addEventListener('input', function () { state.text = search.value.trim().toLowerCase(); applyFilters(); });
  })();

  // ---- the matrix ----
  var cellEls = [];  // cell index -> its matrix td, to mark the one whose evidence is open
  function headRows(table, firstHeading) {
    var thead = el('thead'), r1 = el('tr'), r2 = el('tr', 'methods');
    var corner = el('th', 'case', firstHeading);
    corner.rowSpan = 2;
    add(r1, corner);
    interps.forEach(function (g, gi) {
      var th = el('th', 'interp', g.label);
      th.colSpan = methods.length;
      th.title = g.executable;
      add(r1, th);
      groupHeads.push({el: th, interp: gi});
      methods.forEach(function (m) {
        var d = m === 'default' ? defaultOf(gi) : '';
        var mh = el('th', '', d ? m + ' (' + d + ')' : m);
        register(mh, gi, m, null);
        add(r2, mh);
      });
    });
    add(table, add(thead, r1, r2));
  }
  (function matrix() {
    var legend = document.getElementById('legend');
    [['PASS', 'v-pass'], ['FAIL', 'v-fail'], ['NEW', 'v-new']].forEach(function (v) {
      add(legend, add(el('span'), el('span', 'sw ' + v[1], v[0]), v[0] === 'PASS' ? 'outcome allowed' :
          v[0] === 'FAIL' ? 'outcome not allowed' : 'no expectation'));
    });
    FAMILIES.forEach(function (f) { add(legend, el('span', 'o-' + f, f)); });
    if (comparison) add(legend, add(el('span'), el('span', 'sw changed', '\u00a0'), 'changed in the comparison'));

    headRows(matrixTable, 'case');
    var tbody = el('tbody'), frag = document.createDocumentFragment();
    caseIds.forEach(function (id) {
      var tr = el('tr'), head = el('th', 'case', id);
      head.title = str(obj(cases[id]).title);
      add(tr, head);
      interps.forEach(function (g, gi) {
        methods.forEach(function (m) {
          var i = (cellAt[id][gi] || {})[m], td;
          if (i === undefined) {
            td = el('td', 'none', '-');
          } else {
            var c = cells[i];
            td = el('td', 'cell ' + verdictClass(c.verdict));
            td.tabIndex = 0;
            td.dataset.cell = String(i);
            td.dataset.verdict = str(c.verdict);
            add(td, el('span', 'vd', c.verdict), el('span', 'o-' + family(c.outcome), c.outcome));
            var tip = str(c.verdict) + ' ' + str(c.outcome);
            if (arr(c.expected).length) tip += '\nexpected ' + arr(c.expected).map(str).join(' or ');
            if (c.reason) tip += '\n' + str(c.reason);
            td.title = tip;
            cellEls[i] = td;
          }
          register(td, gi, m, null);
          add(tr, td);
        });
      });
      register(tr, null, null, id);
      add(frag, tr);
    });
    add(matrixTable, add(tbody, frag));
    matrixTable.addEventListener('click', onGridClick);
    matrixTable.addEventListener('keydown', onGridKey);
  })();
  function onGridClick(e) {
    var td = e.target.closest('td[data-cell]');
    if (td) openCell(Number(td.dataset.cell));
  }
  function onGridKey(e) {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    var td = e.target.closest('td[data-cell]');
    if (td) { e.preventDefault(); openCell(Number(td.dataset.cell)); }
  }

  // ---- the claims view ----
  (function claimsView() {
    var root = document.getElementById('claims');
    var judged = cells.some(function (c) { return typeof c.claim_holds === 'boolean'; });
    if (!judged)
      add(root, el('p', 'explain', 'No cell of this run judged its case\u2019s claim (no case here says what its ' +
          'source documents); the claims are listed with their sources.'));
    var frag = document.createDocumentFragment();
    var holdEverywhere = 0, holdNot = 0;
    caseIds.forEach(function (id) {
      var k = obj(cases[id]);
      var box = el('div', 'claim');
      box.dataset.case = id;
      var h = el('h3', '', id);
      if (k.title) add(h, el('span', 'title', k.title));
      add(box, h);
      if (k.claim) add(box, el('p', '', k.claim));
      if (k.source) add(box, add(el('p', 'note'), 'Source: ', el('span', '', k.source)));
      var yes = 0, no = 0, none = 0;
      var table = el('table', 'grid'), thead = el('tr');
      add(thead, el('th', 'case', 'interpreter'));
      methods.forEach(function (m) {
        var th = el('th', '', m);
        register(th, null, m, null);
        add(thead, th);
      });
      add(table, add(el('thead'), thead));
      var tbody = el('tbody');
      interps.forEach(function (g, gi) {
        if (!cellAt[id] || !cellAt[id][gi]) return;
        var tr = el('tr'), rh = el('th', 'case', g.label);
        add(tr, rh);
        register(tr, gi, null, null);
        methods.forEach(function (m) {
          var i = cellAt[id][gi][m], td;
          if (i === undefined) {
            td = el('td', 'none', '-');
          } else {
            var holds = cells[i].claim_holds;
            if (holds === true) yes++; else if (holds === false) no++; else none++;
            td = el('td', 'cell ' + (holds === true ? 'ch-yes' : holds === false ? 'ch-no' : 'ch-none'),
                    holds === true ? '\u2713' : holds === false ? '\u2717' : '\u00b7');
            td.dataset.cell = String(i);
            td.tabIndex = 0;
            td.title = str(cells[i].verdict) + ' ' + str(cells[i].outcome) +
                       (obsText(cells[i].observations) ? ' (' + obsText(cells[i].observations) + ')' : '');
          }
          register(td, gi, m, null);
          add(tr, td);
        });
        add(tbody, tr);
      });
      add(table, tbody);
      var summary = yes + no ? 'The claim holds in ' + yes + ' of ' + (yes + no) + ' judged cells' +
                    (no ? '; it does not in ' + no : '') + (none ? ' (' + none + ' not judged)' : '') + '.'
                             : 'Not judged in any cell.';
      if (no) holdNot++; else if (yes) holdEverywhere++;
      add(box, el('p', 'tally' + (no ? ' fails' : ''), summary));
      add(box, add(el('div', 'scroll'), table));
      table.addEventListener('click', onGridClick);
      table.addEventListener('keydown', onGridKey);
      claimBlocks.push({el: box, kase: id});
      add(frag, box);
    });
    if (judged)
      add(root, el('p', 'claims-total', (holdEverywhere + holdNot) + ' claims judged: ' + holdEverywhere +
          ' hold in every judged cell, ' + holdNot + ' do not hold as stated.'));
    add(root, frag);
  })();

  // ---- the compare view ----
  (function compareView() {
    if (!isObj(comparison)) return;
    var list = Array.isArray(comparison.comparisons) ? comparison.comparisons.filter(isObj) : [comparison];
    document.querySelector('#tabs [data-view="compare"]').hidden = false;
    var root = document.getElementById('compare');
    function cellButton(text, outcome, entry, version) {
      var key = [str(entry.case), str(entry.method), str(entry.exe_mode) || 'python', str(version)].join('\u0000');
      if (!(key in byKey)) return el('span', 'o-' + family(outcome), text);
      var b = el('button', 'o-' + family(outcome), text);
      b.type = 'button';
      b.addEventListener('click', function () { openCell(byKey[key]); });
      return b;
    }
    function changeTable(entries) {
      var table = el('table', 'grid'), head = el('tr');
      ['case', 'method', 'before', 'after', 'why'].forEach(function (h) { add(head, el('th', '', h)); });
      add(table, add(el('thead'), head));
      var tbody = el('tbody');
      entries.slice().sort(function (x, y) {
        return str(x.case) < str(y.case) ? -1 : str(x.case) > str(y.case) ? 1 : 0;
      }).forEach(function (e) {
        var tr = el('tr');
        var before = str(e.outcome_a) + (obsText(e.observations_a) ? ' (' + obsText(e.observations_a) + ')' : '');
        var after = str(e.outcome_b) + (obsText(e.observations_b) ? ' (' + obsText(e.observations_b) + ')' : '');
        add(tr, el('td', '', e.case),
            el('td', '', str(e.method) + (e.exe_mode && e.exe_mode !== 'python' ? ' (' + str(e.exe_mode) + ')' : '')),
            add(el('td'), cellButton(before, e.outcome_a, e, e.python_a), el('div', 'note', e.python_a)),
            add(el('td'), cellButton(after, e.outcome_b, e, e.python_b), el('div', 'note', e.python_b)),
            el('td', '', e.reason));
        add(tbody, tr);
        var ib = byKey[[str(e.case), str(e.method), str(e.exe_mode) || 'python', str(e.python_b)].join('\u0000')];
        if (ib !== undefined && cellEls[ib]) {
          cellEls[ib].classList.add('changed');
          cellEls[ib].title += '\nchanged: ' + before + ' \u2192 ' + after + ' (' + str(e.reason) + ')';
        }
      });
      return add(table, tbody);
    }
    list.forEach(function (c) {
      var box = el('div', 'cmp');
      var changed = arr(c.changed).filter(isObj), inter = arr(c.intermittent).filter(isObj);
      add(box, el('h3', '', str(c.a) + ' \u2192 ' + str(c.b) + ': ' + changed.length + ' cell' +
          (changed.length === 1 ? '' : 's') + ' changed of ' + str(c.matched) + ' matched'));
      if (changed.length) add(box, add(el('div', 'scroll'), changeTable(changed)));
      else add(box, el('p', 'explain', 'No cell changed outcome or observations.'));
      if (inter.length) {
        add(box, el('h4', '', 'Differences the cases declare intermittent'));
        add(box, add(el('div', 'scroll'), changeTable(inter)));
      }
      [['only_a', 'Only in ' + str(c.a)], ['only_b', 'Only in ' + str(c.b)]].forEach(function (p) {
        var keys = arr(c[p[0]]);
        if (!keys.length) return;
        add(box, el('h4', '', p[1] + ' (' + keys.length + ')'));
        var ul = el('ul');
        keys.forEach(function (k) { add(ul, el('li', '', k)); });
        add(box, ul);
      });
      add(root, box);
    });
  })();

  // ---- the run view ----
  (function runView() {
    var root = document.getElementById('run');
    var dl = el('dl', 'kv');
    function row(k, v) { if (v !== '' && v !== null && v !== undefined) add(dl, el('dt', '', k), el('dd', '', v)); }
    row('tool', [run.tool, run.version].map(str).join(' '));
    row('command', arr(run.command).map(str).join(' '));
    row('started', run.started);
    row('finished', run.finished);
    row('duration', secs(run.duration_s));
    row('complete', run.complete === undefined ? '' : String(run.complete));
    row('jobs', run.jobs);
    row('shard', run.shard);
    row('host', obsText(run.host));
    row('methods', arr(run.methods).map(str).join(' '));
    row('cases dirs', arr(run.cases_dirs).map(str).join('\n'));
    row('interpreters', arr(run.interpreters).map(function (p) {
      p = obj(p);
      return str(p.version) + ' ' + str(p.executable);
    }).join('\n'));
    add(root, el('h3', '', 'Run'), dl);
    var errs = arr(run.case_errors);
    if (errs.length) {
      add(root, el('h3', '', 'Case files that could not be read'));
      var ul = el('ul');
      errs.forEach(function (e) {
        e = obj(e);
        add(ul, el('li', '', str(e.file) + (e.line ? ':' + str(e.line) : '') + ': ' + str(e.message)));
      });
      add(root, ul);
    }
  })();

  // ---- the evidence panel, built for one cell when it is opened ----
  var panel = document.getElementById('panel'), panelBody = document.getElementById('panel-body');
  var selected = null;
  function section(title) {
    var s = el('section');
    add(s, el('h4', '', title));
    return s;
  }
  function pre(text, id) {
    var p = el('pre', '', text);
    if (id) p.id = id;
    return p;
  }
  function kv(pairs) {
    var dl = el('dl', 'kv');
    pairs.forEach(function (p) {
      if (p[1] === '' || p[1] === null || p[1] === undefined) return;
      add(dl, el('dt', '', p[0]), el('dd', '', p[1]));
    });
    return dl;
  }
  function captured(title, c, id) {
    c = obj(c);
    var s = section(title), text = str(c.text);
    var note = num(c.bytes) !== null ? c.bytes + ' bytes' : '';
    if (c.truncated) note += ', cut at the harness\u2019s cap: the start is shown';
    if (note) add(s, el('div', 'note', note));
    add(s, text ? pre(text, id) : el('div', 'note', '(empty)'));
    return s;
  }
  function processTree(procs) {
    var byPid = {}, roots = [];
    procs.forEach(function (p) { byPid[str(p.pid)] = {p: p, kids: []}; });
    procs.forEach(function (p) {
      var parent = byPid[str(p.ppid)];
      if (parent && parent.p !== p) parent.kids.push(byPid[str(p.pid)]); else roots.push(byPid[str(p.pid)]);
    });
    var seen = {};
    function list(nodes) {
      var ul = el('ul');
      nodes.forEach(function (n) {
        var pid = str(n.p.pid);
        if (seen[pid]) return;
        seen[pid] = true;
        var li = el('li', 'proc');
        add(li, el('span', 'role', str(n.p.role) || 'process'), ' ' + pid + ' ', el('span', '', n.p.cmdline));
        if (n.kids.length) add(li, list(n.kids));
        add(ul, li);
      });
      return ul;
    }
    return add(el('div', 'tree'), list(roots));
  }
  // What the parent's other threads were doing at the fork that made this process.
  function atForkSection(f) {
    var box = el('div', 'at-fork');
    add(box, el('div', 'proc', 'at its fork by ' + str(f.parent_pid) + (f.where ? ', ' + str(f.where) : '') +
        (f.call ? ': ' + str(f.call) : '')));
    arr(f.threads).filter(isObj).forEach(function (t) {
      add(box, kv([['parent thread', (t.name ? str(t.name) : '?') + (t.native_id != null ? ' (' + str(t.native_id) + ')' : '')]]));
      if (t.python_stack) add(box, pre(t.python_stack));
    });
    if (f.native_thread_count) add(box, el('div', 'proc note', str(f.native_thread_count) +
        ' parent thread(s) Python did not start' + (arr(f.native_threads).length ? ': ' + arr(f.native_threads).join(', ') : '')));
    return box;
  }
  function hangSection(hang) {
    var s = section('Hang: every thread of every process');
    if (hang.explanation) add(s, el('p', 'explanation', str(hang.explanation)));
    add(s, kv([['first seen stuck', secs(hang.started_s) ? secs(hang.started_s) + ' after launch' : ''],
               ['deadlock called', secs(hang.verdict_s) ? secs(hang.verdict_s) + ' after launch' : '']]));
    arr(hang.processes).filter(isObj).forEach(function (p) {
      var box = el('div', 'hang-proc');
      add(box, add(el('div', 'proc'), el('span', 'role', str(p.role) || 'process'), ' ' + str(p.pid) +
          ' (parent ' + str(p.ppid) + ') ', el('span', 'judgement', p.judgement)));
      if (p.cmdline) add(box, el('div', 'proc note', p.cmdline));
      arr(p.threads).filter(isObj).forEach(function (t) {
        add(box, kv([['thread', str(t.tid) + (t.name ? ' ' + str(t.name) : '') + (t.state ? ' state ' + str(t.state) : '')],
                     ['wait', t.wait], ['wchan', t.wchan], ['syscall', t.syscall === -2 ? '' : t.syscall]]));
        if (t.python_stack) add(box, pre(t.python_stack));
      });
      if (isObj(p.at_fork)) add(box, atForkSection(p.at_fork));
      add(s, box);
    });
    return s;
  }
  function openCell(i) {
    var c = cells[i];
    if (!c) return;
    var ev = obj(c.evidence), k = obj(cases[str(c.case)]), p = obj(c.python);
    if (selected) selected.classList.remove('selected');
    selected = cellEls[i] || null;
    if (selected) selected.classList.add('selected');
    var mode = str(c.exe_mode) && c.exe_mode !== 'python' ? ' (' + str(c.exe_mode) + ')' : '';
    document.getElementById('panel-title').textContent =
        str(c.case) + ' \u00b7 ' + str(c.method) + mode + ' \u00b7 python ' + str(p.version);
    panelBody.textContent = '';

    var v = el('div', 'verdict-line ' + verdictClass(c.verdict));
    var vd = el('span', 'vd', c.verdict), out = el('span', 'o-' + family(c.outcome), c.outcome);
    vd.id = 'ev-verdict';
    out.id = 'ev-outcome';
    add(v, vd, out);
    add(panelBody, v);

    var s = section('Expected and actual');
    var expected = arr(c.expected).map(str);
    var expObs = obj(c.expected_observations), eo = Object.keys(expObs).sort().map(function (key) {
      return key + '=' + arr(expObs[key]).map(str).join('|');
    }).join(' ');
    var exp = el('dd', '', expected.length ? expected.join(' or ') : 'nothing declared (NEW)');
    exp.id = 'ev-expected';
    var dl = el('dl', 'kv');
    add(dl, el('dt', '', 'expected'), exp);
    add(s, dl, kv([['expected observations', eo], ['outcome', c.outcome], ['observations', obsText(c.observations)],
                   ['why this verdict', c.reason], ['why this outcome', ev.because],
                   ['method', str(c.method) + (c.resolved_method && c.resolved_method !== c.method
                                               ? ' (resolved to ' + str(c.resolved_method) + ')' : '')],
                   ['interpreter', str(p.version) + ' ' + str(p.executable)], ['exe mode', c.exe_mode]]));
    add(panelBody, s);

    s = section('Claim');
    var holds = c.claim_holds === true ? 'holds in this cell' : c.claim_holds === false ? 'does not hold in this cell'
              : 'not judged in this cell';
    var documented = obj(c.documented), docText = arr(documented.outcomes).map(str).join(' or ');
    var docObs = obj(documented.observations);
    Object.keys(docObs).sort().forEach(function (key) {
      docText += ' ' + key + '=' + (Array.isArray(docObs[key]) ? docObs[key].map(str).join('|') : str(docObs[key]));
    });
    add(s, kv([['title', k.title], ['claim', k.claim], ['verdict on it', holds], ['documented', docText.trim()],
               ['source', k.source], ['case file', k.file], ['tags', arr(k.tags).map(str).join(', ')],
               ['notes', k.notes]]));
    add(panelBody, s);

    s = section('Timing and end');
    add(s, kv([['duration', secs(c.duration_s)], ['end', ev.end], ['exit code', ev.exit_code], ['signal', ev.signal],
               ['processes killed at the end', ev.killed_at_end]]));
    add(panelBody, s);

    if (ev.harness_error) add(panelBody, add(section('Harness error'), pre(str(ev.harness_error))));
    if (isObj(ev.exception)) {
      var x = ev.exception;
      s = section('Exception in the main process');
      add(s, kv([['type', (x.module && x.module !== 'builtins' ? str(x.module) + '.' : '') + str(x.type)],
                 ['message', x.message], ['class hierarchy', arr(x.mro).map(str).join(' \u2192 ')]]));
      if (x.traceback) add(s, pre(x.traceback));
      add(panelBody, s);
    }
    var kids = arr(ev.child_tracebacks).filter(isObj);
    if (kids.length) {
      s = section('Tracebacks printed by child processes (' + kids.length + ')');
      kids.forEach(function (t) {
        add(s, el('div', 'note', str(t.type) + (t.message ? ': ' + str(t.message) : '')));
        add(s, pre(t.text));
      });
      add(panelBody, s);
    }
    if (isObj(ev.hang)) add(panelBody, hangSection(ev.hang));
    add(panelBody, captured('stdout', ev.stdout, 'ev-stdout'), captured('stderr', ev.stderr, 'ev-stderr'));
    var procs = arr(ev.processes).filter(isObj);
    if (procs.length) add(panelBody, add(section('Process tree (' + procs.length + ')'), processTree(procs)));
    var log = arr(ev.observation_log).filter(isObj);
    if (log.length) {
      s = section('Observations as reported');
      add(s, pre(log.map(function (o) { return 'pid ' + str(o.pid) + ': ' + str(o.key) + '=' + str(o.value); }).join('\n')));
      add(panelBody, s);
    }
    var f = obj(ev.facts);
    if (Object.keys(f).length) {
      s = section('Facts');
      add(s, kv([['python', f.python_version_full || f.python_version], ['executable', f.executable],
                 ['os', f.os], ['default method', f.default_method], ['methods offered', arr(f.all_methods).join(' ')],
                 ['stdio', obsText(f.stdio)], ['argv', arr(f.argv).map(str).join(' ')],
                 ['environment', Array.isArray(f.env) ? f.env.map(str).join('\n') : obsText(f.env)]]));
      add(panelBody, s);
    }
    var raw = el('details'), sum = el('summary', '', 'the whole cell as JSON');
    add(raw, sum);
    raw.addEventListener('toggle', function once() {
      if (raw.open && raw.childNodes.length === 1) add(raw, pre(JSON.stringify(c, null, 2)));
    });
    add(panelBody, add(el('section'), raw));

    panel.hidden = false;
    document.body.classList.add('panel-open');
    panelBody.scrollTop = 0;
    // The panel takes room from the matrix: keep the chosen cell in sight.
    if (selected) selected.scrollIntoView({block: 'nearest', inline: 'nearest'});
    if (history.replaceState) history.replaceState(null, '', '#cell-' + i);
  }
  function closePanel() {
    panel.hidden = true;
    document.body.classList.remove('panel-open');
    if (selected) selected.classList.remove('selected');
    selected = null;
    if (history.replaceState) history.replaceState(null, '', location.pathname + location.search);
  }
  document.getElementById('panel-close').addEventListener('click', closePanel);
  document.addEventListener('keydown', function (e) { if (e.key === 'Escape' && !panel.hidden) closePanel(); });

  // ---- tabs ----
  var tabs = document.querySelectorAll('#tabs button');
  function showView(name) {
    for (var i = 0; i < tabs.length; i++) {
      var on = tabs[i].dataset.view === name;
      tabs[i].setAttribute('aria-selected', on ? 'true' : 'false');
      document.getElementById('view-' + tabs[i].dataset.view).hidden = !on;
    }
  }
  for (var t = 0; t < tabs.length; t++)
    tabs[t].addEventListener('click', function (e) { showView(e.currentTarget.dataset.view); });

  applyFilters();
  var m = /^#cell-(\d+)$/.exec(location.hash);
  if (m) openCell(Number(m[1]));
  document.body.dataset.ready = 'true';  // for tests: every view is built
})();
