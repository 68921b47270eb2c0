// The HTML template editor: CodeMirror for the source (HTML with Handlebars
// tags highlighted) and the sample data, a live preview refreshed shortly
// after typing stops, errors marked at their line and column, save and
// generate.
import { EditorView, basicSetup } from 'codemirror';
import { html } from '@codemirror/lang-html';
import { json } from '@codemirror/lang-json';
import { setDiagnostics, lintGutter } from '@codemirror/lint';
import { Decoration, MatchDecorator, ViewPlugin } from '@codemirror/view';
import { renderPDF } from './pdfview.js';

const DEBOUNCE_MS = 250;

// Handlebars tags stand out from the HTML around them.
const tagMatcher = new MatchDecorator({
  regexp: /\{\{\{?[^}]*\}?\}\}/g,
  decoration: Decoration.mark({ class: 'cm-hbs' }),
});
const handlebars = ViewPlugin.fromClass(class {
  constructor(view) { this.decorations = tagMatcher.createDeco(view); }
  update(u) { this.decorations = tagMatcher.updateDeco(u, this.decorations); }
}, { decorations: (v) => v.decorations });

export function start() {
  const root = document.getElementById('editor');
  const id = root.dataset.template;
  const csrf = root.dataset.csrf;
  const url = (p) => `${root.dataset.prefix}/templates/${id}/${p}`;
  const $ = (s) => document.getElementById(s);
  const errorBox = $('editor-error');
  const previewEl = $('preview');
  const previewState = $('preview-state');
  const saveBtn = $('save');
  const saveState = $('save-state');
  // What was saved last: the source and the sample data kept with it.
  let saved = $('source').value;
  let savedSample = $('sample').value;
  let timer = null;
  let inflight = null;
  let version = 0;

  const changed = () => {
    const dirty = source.state.doc.toString() !== saved || data.state.doc.toString() !== savedSample;
    saveBtn.disabled = !dirty;
    saveState.textContent = dirty ? 'Unsaved changes' : 'Saved';
    schedule();
  };
  const listener = EditorView.updateListener.of((u) => { if (u.docChanged) changed(); });
  const source = new EditorView({
    doc: saved,
    extensions: [basicSetup, html(), handlebars, lintGutter(), listener, EditorView.contentAttributes.of({ 'aria-label': 'Template source' })],
    parent: $('source-editor'),
  });
  const data = new EditorView({
    doc: $('sample').value,
    extensions: [basicSetup, json(), listener, EditorView.contentAttributes.of({ 'aria-label': 'Sample data' })],
    parent: $('data-editor'),
  });
  window.quireEditor = { source, data }; // for keyboard users' extensions and tests

  for (const el of root.querySelectorAll('[data-option], [data-margin]')) {
    el.addEventListener('input', schedule);
    el.addEventListener('change', schedule);
  }

  function options() {
    const o = { margin: {} };
    for (const el of root.querySelectorAll('[data-option]')) {
      if (el.type === 'checkbox') o[el.dataset.option] = el.checked;
      else if (el.value !== '') o[el.dataset.option] = el.value; // '': the template's own (@page size)
    }
    for (const el of root.querySelectorAll('[data-margin]')) if (el.value) o.margin[el.dataset.margin] = el.value;
    return o;
  }

  function body() {
    let parsed;
    try {
      parsed = JSON.parse(data.state.doc.toString() || '{}');
    } catch (e) {
      throw { message: 'Sample data is not valid JSON: ' + e.message };
    }
    return { source: source.state.doc.toString(), data: parsed, options: options() };
  }

  function post(path, payload) {
    return fetch(url(path), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Accept: 'application/json' },
      body: JSON.stringify(payload),
    });
  }

  function showError(err) {
    if (!err) {
      errorBox.hidden = true;
      errorBox.textContent = '';
      delete errorBox.dataset.line;
      source.dispatch(setDiagnostics(source.state, []));
      return;
    }
    errorBox.hidden = false;
    errorBox.textContent = err.line ? `Line ${err.line}, column ${err.column}: ${err.message}` : err.message;
    if (err.line) {
      errorBox.dataset.line = err.line;
      errorBox.dataset.column = err.column;
      const doc = source.state.doc;
      const line = doc.line(Math.min(err.line, doc.lines));
      const from = Math.min(line.from + err.column - 1, line.to);
      const to = Math.min(from + 2, line.to) > from ? Math.min(from + 2, line.to) : from;
      source.dispatch(setDiagnostics(source.state, [{ from, to, severity: 'error', message: err.message }]));
    }
  }

  async function errorOf(res) {
    try {
      return (await res.json()).error || { message: res.statusText };
    } catch {
      return { message: `HTTP ${res.status}` };
    }
  }

  function schedule() {
    clearTimeout(timer);
    previewState.textContent = 'Waiting for you to stop typing…';
    timer = setTimeout(refresh, DEBOUNCE_MS);
  }

  async function refresh() {
    inflight?.abort();
    const ctl = new AbortController();
    inflight = ctl;
    const mine = ++version;
    previewState.textContent = 'Rendering…';
    let payload;
    try {
      payload = body();
    } catch (e) {
      showError(e);
      previewState.textContent = 'Fix the sample data';
      return;
    }
    const t0 = performance.now();
    try {
      const res = await fetch(url('preview'), {
        method: 'POST', signal: ctl.signal,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Accept: 'application/pdf, application/json' },
        body: JSON.stringify(payload),
      });
      if (mine !== version) return;
      if (!res.ok) {
        const err = await errorOf(res);
        const transient = res.status === 429 || res.status >= 500;
        if (res.status === 429) {
          // Not a template error: said next to the preview, which stays.
          previewState.textContent = err.message.charAt(0).toUpperCase() + err.message.slice(1);
        } else {
          showError(err);
          previewState.textContent = transient ? 'Server busy: retrying' : 'Error';
        }
        if (transient) setTimeout(schedule, 2000); // the preview catches up by itself
        return;
      }
      const pdf = new Uint8Array(await res.arrayBuffer());
      if (mine !== version) return;
      const t1 = performance.now();
      const { pages, text } = await renderPDF(previewEl, pdf);
      if (mine !== version) return;
      previewEl.dataset.fetchMs = Math.round(t1 - t0);
      previewEl.dataset.drawMs = Math.round(performance.now() - t1);
      showError(null);
      previewEl.dataset.text = text;
      previewEl.dataset.pages = pages;
      previewEl.dataset.version = mine;
      previewState.textContent = `Up to date · ${pages} page${pages === 1 ? '' : 's'}`;
    } catch (e) {
      if (e.name !== 'AbortError') {
        showError({ message: 'Preview failed: ' + e.message });
        previewState.textContent = 'Error';
      }
    }
  }

  saveBtn.addEventListener('click', async () => {
    const text = source.state.doc.toString();
    const sampleText = data.state.doc.toString();
    let payload;
    try { payload = body(); } catch (e) { showError(e); saveState.textContent = 'Not saved'; return; }
    saveState.textContent = 'Saving…';
    // The sample data is saved when it was changed: one made up from the
    // fields is not kept (it follows the fields until someone edits it).
    const res = await post('save', sampleText !== savedSample ? { source: text, sample: sampleText } : { source: text });
    if (!res.ok) {
      showError(await errorOf(res));
      saveState.textContent = 'Not saved';
      return;
    }
    saved = text;
    savedSample = sampleText;
    const t = await res.json();
    saveState.textContent = `Saved · ${t.fields.length} fields`;
    saveBtn.disabled = true;
  });

  $('generate').addEventListener('click', async () => {
    const out = $('generated');
    out.hidden = false;
    if (source.state.doc.toString() !== saved) {
      out.textContent = 'Save the template first: documents are made from the saved version.';
      return;
    }
    out.textContent = 'Generating…';
    let payload;
    try { payload = body(); } catch (e) { out.textContent = e.message; return; }
    const res = await post('generate', { data: payload.data, options: payload.options });
    if (!res.ok) {
      out.textContent = 'Error: ' + (await errorOf(res)).message;
      return;
    }
    const d = await res.json();
    out.replaceChildren('Document made: ');
    const a = document.createElement('a');
    a.href = d.download;
    a.id = 'download-link';
    a.textContent = `Download ${d.filename}`;
    a.setAttribute('download', d.filename);
    out.append(a);
  });

  window.addEventListener('beforeunload', (e) => {
    if (!saveBtn.disabled) e.preventDefault(); // unsaved source or sample data
  });

  refresh();
}
