// The dashboard's progressive enhancement: copy buttons, confirmations,
// drag-and-drop upload, auto-refresh, and the template editor with its live
// preview (CodeMirror 6 + pdf.js, loaded only on the pages that use them).
document.addEventListener('click', (e) => {
  const b = e.target.closest('[data-copy]');
  if (!b) return;
  const input = document.getElementById(b.dataset.copy);
  input.select();
  navigator.clipboard?.writeText(input.value).catch(() => document.execCommand('copy'));
  b.textContent = 'Copied';
});

document.addEventListener('submit', (e) => {
  const msg = e.target.dataset.confirm;
  if (msg && !window.confirm(msg)) e.preventDefault();
});

const drop = document.querySelector('[data-dropzone]');
if (drop) {
  const input = drop.querySelector('input[type=file]');
  for (const ev of ['dragenter', 'dragover']) drop.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.add('over'); });
  for (const ev of ['dragleave', 'drop']) drop.addEventListener(ev, () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    if (!e.dataTransfer.files.length) return;
    input.files = e.dataTransfer.files;
    drop.requestSubmit();
  });
}

const pending = document.querySelector('[data-refresh]');
if (pending) setTimeout(() => location.reload(), Number(pending.dataset.refresh) * 1000);

if (document.getElementById('editor')) import('./editor.js').then((m) => m.start());
if (document.getElementById('form-pages')) import('./pdfview.js').then((m) => m.showForm(document.getElementById('form-pages')));
