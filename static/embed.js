// embed.html: passes the fragment (a share link's scenario, or lesson=<id>) and the query's
// options to the player, then starts the widget loader.
const player = document.getElementById('player');
const params = new URLSearchParams(location.search);
for (const name of ['lesson', 'scenario', 'view', 'lang', 'theme', 'controls', 'autoplay', 'height']) {
  if (params.has(name)) player.setAttribute(name, params.get(name));
}

function fromFragment() {
  const fragment = decodeURIComponent(location.hash.slice(1));
  if (fragment.startsWith('lesson=')) {
    player.setAttribute('lesson', fragment.slice('lesson='.length));
    player.removeAttribute('scenario');
  } else if (fragment) {
    player.setAttribute('scenario', fragment);
    player.removeAttribute('lesson');
  }
}
fromFragment();
addEventListener('hashchange', fromFragment);
await import('./brokerlab-widget.js');
