// Brokerlab widget loader: defines <brokerlab-sim> and the `window.Brokerlab` namespace, and
// nothing else global. It loads the same WebAssembly bundle as the page (once, however many
// widgets there are) and mounts one independent instance per element, inside a shadow root so
// the host page's styles and the widget's styles cannot reach each other.
//
//   <script type="module" src="https://…/brokerlab-widget.js"></script>
//   <brokerlab-sim lesson="pubsub" controls="minimal" height="520px"></brokerlab-sim>
//
// Attributes: lesson, scenario (inline JSON or a share link's fragment), view, lang, theme,
// autoplay, controls (full | minimal | none), height. Changing one updates the instance.

import { crashCard, isTrap } from './crash.js';

const here = new URL('.', import.meta.url);
const ATTRIBUTES = ['lesson', 'scenario', 'view', 'lang', 'theme', 'autoplay', 'controls', 'height'];

// The namespace must exist before the bundle starts: the bundle's entry point mounts the full
// page only when it does not find it.
const namespace = window.Brokerlab || (window.Brokerlab = {});
let ready = null;
/// Mounted elements, to tell each of them when the shared instance stops.
const live = new Set();
const glueUrl = new URL('brokerlab-web.js', here).href;
const wasmUrl = new URL('brokerlab-web_bg.wasm', here).href;

/// Loads and starts the bundle once; resolves to its exports (`mount`, `Widget`).
function load() {
  if (!ready) {
    ready = import(glueUrl).then(async (glue) => {
      await glue.default({ module_or_path: wasmUrl });
      return glue;
    });
  }
  return ready;
}

/// The element's attributes as mount options.
function optionsOf(element) {
  const options = { base: here.href };
  for (const name of ATTRIBUTES) {
    if (element.hasAttribute(name)) options[name] = element.getAttribute(name);
  }
  options.autoplay = element.hasAttribute('autoplay') && !['false', '0'].includes(element.getAttribute('autoplay'));
  return options;
}

class BrokerlabSim extends HTMLElement {
  static get observedAttributes() { return ATTRIBUTES; }

  #widget = null;
  #mountPoint;
  #styled;
  #connected = false;
  #failed = false;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const sheet = document.createElement('link');
    sheet.rel = 'stylesheet';
    sheet.href = new URL('style.css', here).href;
    // Mount once the sheet is in, so nothing flashes unstyled (and carry on if it fails).
    this.#styled = new Promise((resolve) => { sheet.onload = resolve; sheet.onerror = resolve; });
    this.#mountPoint = document.createElement('div');
    this.#mountPoint.className = 'mount';
    root.append(sheet, this.#mountPoint);
  }

  connectedCallback() {
    this.#connected = true;
    Promise.all([load(), this.#styled]).then(([glue]) => {
      if (!this.#connected || this.#widget) return;
      this.#widget = glue.mount(this.#mountPoint, optionsOf(this));
      live.add(this);
      this.setAttribute('data-ready', '');
      this.dispatchEvent(new CustomEvent('brokerlab-ready', { bubbles: true }));
    }).catch((error) => {
      console.error('Brokerlab could not start:', error);
      this.fail('start', error);
    });
  }

  /// Shows why this widget cannot start ("start") or has stopped ("stopped") over it, dims
  /// what is behind and makes it inert; says it with a `brokerlab-error` event too.
  fail(kind, error) {
    if (this.#failed) return;
    this.#failed = true;
    this.#mountPoint.inert = true;
    this.#mountPoint.classList.add('app-failed');
    this.setAttribute('data-stopped', kind);
    const card = crashCard(kind, error, this.getAttribute('lang') || document.documentElement.lang);
    card.classList.add('in-widget');
    this.shadowRoot.append(card);
    this.dispatchEvent(new CustomEvent('brokerlab-error', { bubbles: true, detail: { kind, error } }));
  }

  disconnectedCallback() {
    this.#connected = false;
    live.delete(this);
    if (this.#widget) {
      this.#widget.destroy();
      this.#widget.free();
      this.#widget = null;
      this.removeAttribute('data-ready');
    }
  }

  attributeChangedCallback() {
    if (this.#widget) this.#widget.update(optionsOf(this));
  }
}

// A trap in the shared instance stops every widget on the page. The host page may run other
// WebAssembly, so only a trap in this bundle counts: browsers name the module's URL in the
// stack's WebAssembly frames (and the glue's, for calls that came through it).
function onTrap(error) {
  const stack = String(error?.stack);
  if (!isTrap(error) || !(stack.includes(wasmUrl) || stack.includes(glueUrl))) return;
  for (const element of live) element.fail('stopped', error);
}
addEventListener('error', (event) => onTrap(event.error));
addEventListener('unhandledrejection', (event) => onTrap(event.reason));

namespace.version = 1;
/// Mounts an instance into any element (bring the stylesheet `style.css` yourself, or use the
/// element, which does). Resolves to a handle with `update(options)` and `destroy()`.
namespace.mount = async (element, options = {}) => (await load()).mount(element, { base: here.href, ...options });
namespace.ready = () => load().then(() => undefined);

if (!customElements.get('brokerlab-sim')) {
  customElements.define('brokerlab-sim', BrokerlabSim);
}
