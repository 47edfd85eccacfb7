// First visit: the PIN that `slate pair --role …` printed on the box. The token that comes back is
// kept on the tablet; the role decides which views it gets.

import { ApiError, OfflineError, request } from '../lib/api.js';
import { h } from '../lib/dom.js';
import { save, takeUnpairedReason } from '../lib/session.js';

export function pairView(main, onPaired) {
  const reason = takeUnpairedReason();
  const message = h('p', { class: 'message', role: 'alert', 'data-testid': 'pair-message' }, reason ?? '');
  const pin = h('input', {
    id: 'pin',
    name: 'pin',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    pattern: '[0-9]{6}',
    maxlength: 6,
    placeholder: '000000',
    'aria-label': 'PIN',
    'data-testid': 'pin',
  });
  const name = h('input', {
    id: 'device-name',
    name: 'name',
    maxlength: 64,
    value: localStorage.getItem('slate.deviceName') ?? 'Tablet',
    'aria-label': 'Name of this tablet',
    'data-testid': 'device-name',
  });
  const button = h('button', { type: 'submit', class: 'primary big', 'data-testid': 'pair' }, 'Pair');
  const form = h(
    'form',
    { class: 'pairing', 'aria-labelledby': 'pair-title' },
    h('h2', { id: 'pair-title' }, 'Pair this tablet'),
    h('p', { class: 'hint' }, 'On the box, run ', h('code', {}, 'slate pair --role script'), ' (or director, dit, camera, viewer) and enter the PIN it prints. It works once, for five minutes.'),
    message,
    h('label', { for: 'pin' }, 'PIN'),
    pin,
    h('label', { for: 'device-name' }, 'This tablet is called'),
    name,
    button,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    if (!/^[0-9]{6}$/.test(pin.value)) {
      message.textContent = 'A PIN is six digits.';
      return;
    }
    button.disabled = true;
    try {
      const paired = await request('POST', '/api/v1/pairing', { pin: pin.value, name: name.value || 'Tablet' });
      localStorage.setItem('slate.deviceName', name.value);
      save({ token: paired.token, role: paired.role, device: paired.device, name: name.value, rights: paired.rights });
      onPaired();
    } catch (error) {
      if (error instanceof OfflineError) message.textContent = 'The box cannot be reached. Check the Wi-Fi and try again.';
      else if (error instanceof ApiError && error.status === 429) message.textContent = 'Too many wrong PINs: wait a minute, then try again.';
      else if (error instanceof ApiError && error.status === 401) message.textContent = 'That PIN is wrong, used or expired. Ask for a new one (slate pair).';
      else message.textContent = error.message;
      pin.select();
    } finally {
      button.disabled = false;
    }
  });
  main.replaceChildren(form);
  pin.focus();
}
