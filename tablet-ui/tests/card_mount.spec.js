// A card pushed into the box that cannot be mounted is said plainly on the DIT view: its device,
// what it holds and why it was not taken, until it is taken out. The real slated and the real
// slate-mountd; the card is an xfs image on a loop device, so this runs as root only.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures.js';
import { mountdBinary } from './slated.js';
import { pairTablet } from './tablet.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'slate-ui-cards-'));
const socket = path.join(work, 'mountd.sock');
const cardsDir = path.join(work, 'cards');

test.use({
  slatedOptions: {
    cardsConfig: `automount = true\nautomount_loop_devices = true\nmount_helper = ${JSON.stringify(socket)}\ncards_dir = ${JSON.stringify(cardsDir)}`,
  },
});

function canAttach() {
  if (process.getuid?.() !== 0) return 'loop devices need root';
  try {
    execFileSync('/usr/sbin/losetup', ['-f']);
  } catch {
    return 'no free loop device here (losetup -f fails)';
  }
  if (!existsSync('/usr/sbin/mkfs.xfs')) return 'mkfs.xfs is missing (Debian package xfsprogs)';
  return null;
}

let helper = null;
let device = null;

test.beforeAll(async () => {
  if (canAttach()) return;
  helper = spawn(mountdBinary, ['--socket', socket, '--cards-dir', cardsDir], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !existsSync(socket); i += 1) await new Promise((done) => setTimeout(done, 50));
});

test.afterAll(() => {
  if (device) execFileSync('/usr/sbin/losetup', ['-d', device]);
  helper?.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
});

test('a card the box cannot mount is shown on the DIT view with its device, file system and reason', async ({ page, slated }) => {
  const refused = canAttach();
  test.skip(Boolean(refused), refused ?? '');
  const image = path.join(work, 'xfs.img');
  execFileSync('/usr/bin/truncate', ['-s', '320M', image]);
  execFileSync('/usr/sbin/mkfs.xfs', ['-q', image]);
  await pairTablet(page, slated, 'dit', 'DIT cart');

  device = execFileSync('/usr/sbin/losetup', ['-f', '--show', image], { encoding: 'utf8' }).trim();
  const failure = page.getByTestId(`mount-failure-${path.basename(device)}`);
  await expect(failure).toBeVisible({ timeout: 20000 });
  await expect(failure).toContainText(`${device} was not mounted`);
  await expect(failure).toContainText('File system: xfs');
  await expect(failure).toContainText(`${device} holds xfs, which Slate does not take as a camera card`);
  await expect(page.getByTestId('cards')).toContainText('No card in the box.');

  // Taken out: the message goes.
  execFileSync('/usr/sbin/losetup', ['-d', device]);
  device = null;
  await expect(failure).toHaveCount(0, { timeout: 20000 });
});
