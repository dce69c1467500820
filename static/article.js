// The article's language switch: one language at a time, remembered in the fragment-free URL
// query (?lang=ko), and passed to every live widget.
const saved = new URLSearchParams(location.search).get('lang');
const initial = saved === 'ko' || saved === 'en' ? saved : (navigator.language || '').startsWith('ko') ? 'ko' : 'en';

function setLang(lang) {
  document.documentElement.lang = lang;
  for (const button of document.querySelectorAll('.switch button')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  }
  for (const widget of document.querySelectorAll('brokerlab-sim')) widget.setAttribute('lang', lang);
  document.title = lang === 'ko'
    ? '로그와 큐: 이벤트 브로커와 메시지 브로커 · Brokerlab'
    : 'Logs and queues: event brokers versus message brokers · Brokerlab';
}

for (const button of document.querySelectorAll('.switch button')) {
  button.addEventListener('click', () => {
    setLang(button.dataset.lang);
    const url = new URL(location.href);
    url.searchParams.set('lang', button.dataset.lang);
    history.replaceState(null, '', url);
  });
}
setLang(initial);
