// A fresh, real slated for browser tests: its own temp folder, config, catalogue and port, the
// demo shot list imported, and helpers to drive it through the HTTP API and the `slate` CLI.
// Node built-ins and global fetch only.

import { spawn, execFile } from 'node:child_process';
import { mkdtemp, mkdir, writeFile, readFile, readdir, rename, rm } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** tablet-ui/public/, the folder slated serves the app from. */
export const uiDir = path.resolve(here, '..', 'public');
/** The repository's root. */
export const repoDir = path.resolve(here, '..', '..');
// The executables scripts/build makes; SLATE_BIN_DIR names another build's bin/ (CTest sets it).
const binDir = process.env.SLATE_BIN_DIR || path.join(repoDir, 'build', 'bin');
const slatedBinary = path.join(binDir, 'slated');
const slateBinary = path.join(binDir, 'slate');
/** Slate's card mount helper (root only), for specs that attach card images. */
export const mountdBinary = path.join(binDir, 'slate-mountd');
const demoShotList = path.join(repoDir, 'daemon', 'demo', 'shotlist.csv');
const makeMediaCard = path.join(repoDir, 'tests', 'tools', 'make_media_card.py');

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

// Daemons still running when this process exits (a crash, a killed worker) are killed and their
// folders removed, so that no slated or /tmp/slate-ui-* outlives the test run.
const running = new Set();
process.on('exit', () => {
  for (const { child, dir } of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A TOML basic string. */
function toml(text) {
  return JSON.stringify(String(text));
}

/** Runs a program; resolves {code, stdout, stderr} whatever its exit status. */
function run(file, args, options = {}) {
  return new Promise((resolve) => {
    execFile(file, args, { maxBuffer: 64 * 1024 * 1024, ...options }, (error, stdout, stderr) => {
      let code = 0;
      if (error) {
        code = typeof error.code === 'number' ? error.code : 1;
        if (typeof error.code === 'string') {
          stderr = `${stderr}${stderr ? '\n' : ''}${error.message}`;
        }
      }
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/**
 * Starts slated in a new temp folder. Options: autoOffload (default false), [cards].auto_offload;
 * extraConfig, TOML sections appended to the config (such as "[tablet]\nquick_phrases = [...]");
 * tls (default false): HTTPS with the box's own CA as well, on another port;
 * cardsConfig, more keys of its [cards] section (such as "automount = true").
 * Returns {url, port, httpsPort, dir, token, stop(), api(), slate(), pin(), makeCard()}.
 */
export async function startSlated(options = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'slate-ui-'));
  const sub = (name) => path.join(dir, name);
  for (const name of ['data', 'raid', 'shuttle', 'incoming', 'cards']) {
    await mkdir(sub(name));
  }
  const config = sub('slated.toml');
  // [log] level is "notice", not "warning": slated logs "listening on http://..." at notice level,
  // and at "warning" the line this module waits for would never come.
  await writeFile(
    config,
    `[server]
listen = "127.0.0.1:0"
ui_dir = ${toml(uiDir)}
${options.tls ? 'tls = true\ntls_listen = "127.0.0.1:0"' : ''}
[storage]
data_dir = ${toml(sub('data'))}
[log]
level = "notice"
[project]
name = "Night Run"
fps = "23.976"
[offload]
path_template = "{roll}"
min_destinations = 2
[[destinations]]
name = "raid"
path = ${toml(sub('raid'))}
default = true
[[destinations]]
name = "shuttle"
path = ${toml(sub('shuttle'))}
default = true
[cards]
auto_offload = ${(options.autoOffload ?? false) ? 'true' : 'false'}
watch_folders = [${toml(sub('incoming'))}]
mount_roots = []
settle_seconds = 1
${options.cardsConfig ?? ''}
[tether]
autodetect = false
${options.extraConfig ?? ''}
`,
  );

  const child = spawn(slatedBinary, ['--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const entry = { child, dir };
  running.add(entry);
  let output = '';
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (error) => {
      resolve({ code: null, signal: null, error });
    });
  });
  let gone = false;
  exited.then(() => {
    gone = true;
  });

  async function stop() {
    if (!gone) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    running.delete(entry);
    await rm(dir, { recursive: true, force: true });
  }

  let url;
  let httpsPort = 0;
  try {
    url = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => {
          const seconds = START_TIMEOUT_MS / 1000;
          reject(new Error(`slated did not start within ${seconds} s; it said:\n${output}`));
        },
        START_TIMEOUT_MS,
      );
      const listen = (chunk) => {
        output += chunk;
        // The whole line: with TLS it goes on to name the HTTPS port.
        const found =
          /listening on (http:\/\/127\.0\.0\.1:\d+)(?: and https:\/\/127\.0\.0\.1:(\d+))? \(/.exec(
            output,
          );
        if (found) {
          clearTimeout(timer);
          httpsPort = Number(found[2] ?? 0);
          resolve(found[1]);
        }
      };
      child.stdout.setEncoding('utf8').on('data', listen);
      child.stderr.setEncoding('utf8').on('data', listen);
      exited.then(({ code, signal, error }) => {
        clearTimeout(timer);
        reject(
          new Error(
            error
              ? `cannot run ${slatedBinary} (build it with scripts/build): ${error.message}`
              : `slated exited (code ${code}, signal ${signal}) before listening; it said:\n${output}`,
          ),
        );
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  // Keep draining slated's output so that a full pipe never blocks it.
  child.stdout.resume();
  child.stderr.resume();

  const port = Number(new URL(url).port);
  const tokenFile = path.join(dir, 'data', 'admin.token');
  let token;

  /** One API call: {status, json} (json is null when the answer is not JSON). */
  async function api(method, apiPath, body, bearer = token) {
    const headers = {};
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    let payload;
    if (typeof body === 'string') {
      payload = body;
    } else if (body !== undefined && body !== null) {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(url + apiPath, { method, headers, body: payload });
    const text = await response.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: response.status, json };
  }

  /** Runs the `slate` CLI against this daemon as the admin. */
  function slate(...args) {
    return run(slateBinary, ['--server', url, '--token-file', tokenFile, ...args]);
  }

  /** A fresh pairing PIN for `role` (script, director, dit, ...). */
  async function pin(role) {
    const result = await slate('pair', '--role', role);
    const found = /PIN (\d{6})/.exec(result.stdout);
    if (!found) {
      throw new Error(
        `slate pair --role ${role} gave no PIN (exit ${result.code}):\n${result.stdout}${result.stderr}`,
      );
    }
    return found[1];
  }

  /** Makes a synthetic ARRI card at <dir>/cards/<name> and returns its path. */
  async function makeCard(
    name,
    {
      roll = 'A001',
      clips = 2,
      frames = 48,
      startTc = '10:00:00:00',
      rate = '23.976',
      size = '640x360',
    } = {},
  ) {
    const staging = path.join(dir, 'cards', `${name}.tmp`);
    const result = await run('/usr/bin/python3', [
      makeMediaCard,
      staging,
      '--layout', 'arri',
      '--roll', roll,
      '--clips', String(clips),
      '--frames', String(frames),
      '--size', size,
      '--rate', rate,
      '--start-tc', startTc,
    ]);
    if (result.code !== 0) {
      throw new Error(
        `make_media_card.py failed (exit ${result.code}):\n${result.stdout}${result.stderr}`,
      );
    }
    const made = await readdir(staging);
    if (made.length !== 1) {
      throw new Error(
        `make_media_card.py made ${made.length} entries in ${staging}, not one: ${made.join(', ')}`,
      );
    }
    const card = path.join(dir, 'cards', name);
    await rename(path.join(staging, made[0]), card);
    await rm(staging, { recursive: true, force: true });
    return card;
  }

  try {
    token = (await readFile(tokenFile, 'utf8')).split('\n')[0].trim();
    const shotList = await readFile(demoShotList);
    const response = await fetch(`${url}/api/v1/shotlist`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' },
      body: shotList,
    });
    if (response.status !== 200) {
      const text = await response.text();
      throw new Error(`importing ${demoShotList} answered ${response.status}: ${text}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, httpsPort, dir, token, stop, api, slate, pin, makeCard };
}
