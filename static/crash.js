// What the page and the widget show when Brokerlab cannot start or stops, instead of a blank or
// frozen app. `watch.js` uses it for the page; `brokerlab-widget.js` for each widget.
//
// Two cases:
// - "start": the app could not start (the WebAssembly would not download, compile or run);
// - "stopped": a WebAssembly trap (`WebAssembly.RuntimeError`) reached the page. The page's build
//   aborts on a Rust panic, and a trap leaves the instance unusable, so the app behind the card
//   is made inert. Other errors after the start are left to the console.

const TEXT = {
  en: {
    stopped: 'Brokerlab stopped: an internal error ended the simulation. This is a bug in Brokerlab, not a problem with your scenario.',
    start: 'Brokerlab could not start. It needs WebAssembly, which every current browser has; if the download was cut short, reloading helps.',
    reload: 'Reload the page',
    details: 'Details',
  },
  ko: {
    stopped: 'Brokerlab이 내부 오류로 멈췄습니다. 시나리오의 문제가 아니라 Brokerlab의 버그입니다.',
    start: 'Brokerlab을 시작할 수 없습니다. WebAssembly가 필요하며 요즘 브라우저에는 모두 있습니다. 내려받기가 끊겼다면 다시 불러오면 됩니다.',
    reload: '페이지 다시 불러오기',
    details: '자세히',
  },
};

// Absent in a browser without WebAssembly: then nothing is a trap.
const Trap = globalThis.WebAssembly?.RuntimeError;

/// Whether `error` is a WebAssembly trap.
export function isTrap(error) {
  return Trap !== undefined && error instanceof Trap;
}

/// The card for `kind` ("start" or "stopped"), in `lang` (Korean for "ko" or "ko-…", as the app
/// reads it; English otherwise).
export function crashCard(kind, error, lang) {
  const code = String(lang ?? '').startsWith('ko') ? 'ko' : 'en';
  const text = TEXT[code];
  const card = document.createElement('div');
  card.className = 'app-failure';
  card.lang = code;
  card.setAttribute('role', 'alert');
  card.dataset.kind = kind;
  const message = document.createElement('p');
  message.textContent = text[kind];
  const details = document.createElement('p');
  details.className = 'app-failure-details';
  details.textContent = `${text.details}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.className = 'primary';
  reload.textContent = text.reload;
  reload.addEventListener('click', () => location.reload());
  card.append(message, details, reload);
  return card;
}

/// The language the app would have chosen (`web/src/prefs.rs`): the learner's choice, else the
/// browser's. Before the app starts, the document does not say it yet.
function chosenLang() {
  let stored = null;
  try { stored = localStorage.getItem('brokerlab.lang'); } catch { /* storage blocked */ }
  return stored || (navigator.language || '').slice(0, 2);
}

/// Watches the whole page: any uncaught error or rejection before Trunk's
/// `TrunkApplicationStarted` event means the app could not start; a trap after it, that it
/// stopped. Shows one card, dims the app and makes it inert. Must run before the app's script.
export function watchPage() {
  let started = false;
  let shown = false;
  const show = (error) => {
    if (shown) return;
    shown = true;
    for (const child of document.body.children) child.inert = true;
    document.body.classList.add('app-failed');
    const card = crashCard(started ? 'stopped' : 'start', error, started ? document.documentElement.lang : chosenLang());
    document.body.append(card);
    card.querySelector('button').focus();
  };
  addEventListener('TrunkApplicationStarted', () => { started = true; });
  addEventListener('error', (event) => {
    // An `error` event without an error object is a resource or a browser notice (a failed
    // image, a ResizeObserver loop), not the app failing.
    if (event.error != null && (!started || isTrap(event.error))) show(event.error);
  });
  addEventListener('unhandledrejection', (event) => {
    if (!started || isTrap(event.reason)) show(event.reason);
  });
}
