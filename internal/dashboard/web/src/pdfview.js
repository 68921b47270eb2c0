// Draws PDFs with pdf.js into canvases: the editor's preview and a PDF
// form's pages with their fields outlined. Template HTML never runs in the
// dashboard: what arrives here is the PDF Chromium printed on the server.
const base = new URL('.', import.meta.url).href;
let lib;
let worker; // one pdf.js worker for every preview: starting one costs more than a render
async function pdfjs() {
  if (!lib) {
    lib = await import(base + 'pdf.min.mjs');
    lib.GlobalWorkerOptions.workerSrc = base + 'pdf.worker.min.mjs';
    worker = new lib.PDFWorker();
  }
  return lib;
}

// renderPDF replaces el's content with the pages of data and returns the
// text of the document (for assistive tech and tests).
export async function renderPDF(el, data, decorate) {
  const { getDocument } = await pdfjs();
  const task = getDocument({ data, worker, isEvalSupported: false });
  const doc = await task.promise;
  const frag = document.createDocumentFragment();
  const texts = [];
  const width = Math.max(el.clientWidth - 16, 200);
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const unscaled = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: width / unscaled.width });
    const ratio = window.devicePixelRatio || 1;
    const wrap = document.createElement('div');
    wrap.className = 'page';
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = viewport.width + 'px';
    canvas.style.height = viewport.height + 'px';
    canvas.setAttribute('role', 'img');
    await page.render({ canvas, viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : null }).promise;
    const content = await page.getTextContent();
    const text = content.items.map((i) => i.str).join(' ');
    texts.push(text);
    canvas.setAttribute('aria-label', `Page ${n}: ${text.slice(0, 200)}`);
    wrap.append(canvas);
    if (decorate) await decorate(page, viewport, wrap);
    frag.append(wrap);
  }
  el.replaceChildren(frag);
  const pages = doc.numPages;
  task.destroy(); // frees the document in the worker; the worker stays
  return { pages, text: texts.join('\n') };
}

// showForm draws a PDF form's pages with each field's box and name.
export async function showForm(el) {
  const res = await fetch(el.dataset.pdf);
  const data = new Uint8Array(await res.arrayBuffer());
  await renderPDF(el, data, async (page, viewport, wrap) => {
    for (const a of await page.getAnnotations()) {
      if (a.subtype !== 'Widget' || !a.fieldName || a.pushButton) continue; // buttons are not fields
      const [x1, y1] = toViewport(viewport, a.rect[0], a.rect[1]);
      const [x2, y2] = toViewport(viewport, a.rect[2], a.rect[3]);
      const box = document.createElement('div');
      box.className = 'field-box';
      box.style.left = Math.min(x1, x2) + 'px';
      box.style.top = Math.min(y1, y2) + 'px';
      box.style.width = Math.abs(x2 - x1) + 'px';
      box.style.height = Math.abs(y2 - y1) + 'px';
      box.title = a.fieldName;
      const label = document.createElement('span');
      label.textContent = a.fieldName;
      box.append(label);
      wrap.append(box);
    }
  });
}

// toViewport maps a PDF point to the canvas with the viewport's matrix.
function toViewport(viewport, x, y) {
  const [a, b, c, d, e, f] = viewport.transform;
  return [a * x + c * y + e, b * x + d * y + f];
}
