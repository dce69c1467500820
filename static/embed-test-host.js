// Test fixture: ?widgets=0 starts with no widget (the test adds one); otherwise three widgets
// with different lessons, one of them without controls.
const params = new URLSearchParams(location.search);
const container = document.getElementById('widgets');
if (params.get('widgets') !== '0') {
  const specs = [
    { id: 'w-pubsub', lesson: 'pubsub', controls: 'full' },
    { id: 'w-keys', lesson: 'keys', controls: 'minimal' },
    { id: 'w-routing', lesson: 'routing', controls: 'none', autoplay: '' },
  ];
  for (const spec of specs) {
    const element = document.createElement('brokerlab-sim');
    for (const [name, value] of Object.entries(spec)) element.setAttribute(name, value);
    element.setAttribute('height', '560px');
    container.append(element);
  }
}
await import('./brokerlab-widget.js');
