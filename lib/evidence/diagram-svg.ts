import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';

/**
 * Renders the architecture diagram (DOT) to SVG with Graphviz compiled to WebAssembly
 * (`@viz-js/viz`, a bundled dependency): no system binary, so `architecture.svg` is written on
 * every synthesis.
 *
 * The WebAssembly module is instantiated asynchronously, and synthesis (and so the report) is
 * synchronous. The render runs in a worker thread while this thread waits on a shared flag
 * (`Atomics.wait`), then reads the worker's message synchronously (`receiveMessageOnPort`).
 * The worker is then ended, so the WebAssembly memory does not stay in the synthesizing process.
 * Measured on a shared 2-core machine: 0.12 s for a small graph (a child process, the other way to
 * wait, took 0.25 s), 0.3 to 0.8 s for the reference app.
 */

/** How long the render may take before it is given up (a DOT text of thousands of nodes takes seconds). */
const RENDER_TIMEOUT_MS = 120_000;

/** The worker: plain JavaScript, run with `eval` so that it needs no compiled file next to this one. */
const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const { flag, port, dot, modulePath } = workerData;
(async () => {
  try {
    const viz = await require(modulePath).instance();
    const result = viz.render(dot, { format: 'svg', engine: 'dot' });
    if (result.status === 'success') {
      port.postMessage({ svg: result.output });
    } else {
      port.postMessage({ error: result.errors.map((e) => e.message.trim()).join('; ') || 'no output' });
    }
  } catch (e) {
    port.postMessage({ error: String((e && e.message) || e) });
  } finally {
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  }
})();
`;

/**
 * Renders DOT as SVG. Throws when Graphviz cannot read the DOT text (a bug of the writer) or the
 * render does not finish in time.
 *
 * @param dot the Graphviz DOT text
 */
export function renderSvg(dot: string): string {
  return startSvgRender(dot)();
}

/**
 * Starts rendering DOT as SVG in a worker thread and returns at once, so that this thread can
 * build the rest of the report meanwhile; the function returned waits for the SVG and returns it,
 * or throws as `renderSvg` does. A render of the same DOT text started ahead (`prefetchSvg`) is
 * taken instead of starting another.
 *
 * @param dot the Graphviz DOT text
 */
export function startSvgRender(dot: string): () => string {
  if (ahead?.dot === dot) {
    const taken = ahead;
    ahead = undefined;
    return taken.render.wait;
  }
  return startRender(dot).wait;
}

/** The one render started ahead, and the DOT text it draws. */
let ahead: { readonly dot: string; readonly render: Render } | undefined;

/**
 * Starts rendering `dot` ahead of the report (during synthesis, once the assembly is written),
 * for the next `startSvgRender` of the same text to take. One render is kept ahead; another
 * replaces it.
 *
 * @param dot the Graphviz DOT text
 */
export function prefetchSvg(dot: string): void {
  if (ahead?.dot === dot) {
    return;
  }
  ahead?.render.cancel();
  ahead = { dot, render: startRender(dot) };
}

/** A render in its worker thread. */
interface Render {
  /** Waits for the SVG (once). */
  readonly wait: () => string;
  /** Ends the worker without waiting. */
  readonly cancel: () => void;
}

function startRender(dot: string): Render {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { flag, port: port2, dot, modulePath: require.resolve('@viz-js/viz') },
    transferList: [port2],
    stdout: true,
    stderr: true,
  });
  // A render that is never waited for (the report failed before) does not keep the process alive.
  worker.unref();
  const started = Date.now();
  const cancel = () => {
    port1.close();
    void worker.terminate();
  };
  return {
    cancel,
    wait: () => {
      try {
        if (Atomics.wait(flag, 0, 0, Math.max(0, started + RENDER_TIMEOUT_MS - Date.now())) === 'timed-out') {
          throw new Error(`Graphviz (WebAssembly) did not finish within ${RENDER_TIMEOUT_MS / 1000} s`);
        }
        const message = receiveMessageOnPort(port1)?.message as { svg?: string; error?: string } | undefined;
        if (message?.svg === undefined) {
          throw new Error(`Graphviz (WebAssembly) failed: ${message?.error ?? 'no answer from the render worker'}`);
        }
        return message.svg;
      } finally {
        cancel();
      }
    },
  };
}

/**
 * The SVG as an element to embed in an HTML page: without the XML prolog and doctype, with
 * `role="img"`, an accessible name (`aria-labelledby` a `<title>` first in the element) and the
 * fixed size removed so that it scales to the page.
 *
 * @param svg the SVG text from `renderSvg`
 * @param title the accessible name (plain text; escaped here)
 * @param id the id of the title element
 */
export function embeddableSvg(svg: string, title: string, id: string): string {
  const start = svg.indexOf('<svg');
  if (start < 0) {
    throw new Error('not an SVG document: no <svg> element');
  }
  // Graphviz's comments repeat the node ids; nothing a reader needs.
  const body = svg.slice(start).replace(/<!--[\s\S]*?-->\n?/g, '');
  const open = body.indexOf('>');
  const attributes = body.slice(4, open).replace(/\s+/g, ' ')
    .replace(/\s(width|height)="[^"]*"/g, '')
    .replace(/\s(role|aria-labelledby)="[^"]*"/g, '');
  const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<svg${attributes} role="img" aria-labelledby="${id}"><title id="${id}">${escaped}</title>${body.slice(open + 1).trim()}`;
}
