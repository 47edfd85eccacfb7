// Placeholder tablet page: follows the event stream and says plainly whether the box is reachable.
// It keeps the last sequence it saw and resumes from there, so a Wi-Fi drop loses no event.

const connection = document.getElementById('connection');
const list = document.getElementById('events');
const shown = 20;
let lastSeen = Number(sessionStorage.getItem('slate.lastSeq') ?? 0);
let retryDelay = 500;

function setState(state) {
  connection.dataset.state = state;
  connection.textContent = state === 'connected' ? 'Connected' : 'Disconnected';
}

function show(event) {
  const item = document.createElement('li');
  const seq = document.createElement('span');
  seq.className = 'seq';
  seq.textContent = `#${event.seq}`;
  item.append(seq, `${event.kind} ${event.entity}`);
  list.prepend(item);
  while (list.children.length > shown) list.lastElementChild.remove();
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/api/v1/events?since=${lastSeen}`);
  socket.addEventListener('open', () => {
    setState('connected');
    retryDelay = 500;
  });
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(message.data);
    if (data.type === 'hello' && data.latest < lastSeen) {
      lastSeen = 0; // Another appliance, or a new catalogue: start over.
    }
    if (data.type !== 'event') return;
    lastSeen = data.seq;
    sessionStorage.setItem('slate.lastSeq', String(lastSeen));
    show(data);
  });
  socket.addEventListener('close', () => {
    setState('disconnected');
    setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 5000);
  });
}

setState('disconnected');
connect();
