// server.mjs - give the suite a Heard server to test.
//
// HEARD_URL set  -> use that server as it is (nothing is built or started).
// otherwise      -> `go build -o <tmp>/heard ./cmd/heard` from the repo root
//                   (the folder above e2e/), start it with
//                   HEARD_ADDR=127.0.0.1:<free port> HEARD_DATA=<tmp>/data,
//                   wait for GET /healthz = 200 (20 s at most) and stop it
//                   (and remove <tmp>) when stop() is called or the process exits.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
// The repository root is the folder that holds e2e/. HEARD_ROOT overrides it
// (useful to point the suite at another checkout).
export const REPO_ROOT = process.env.HEARD_ROOT ? resolve(process.env.HEARD_ROOT) : resolve(HERE, '..');

const HEALTH_TIMEOUT_MS = 20_000;
const BUILD_TIMEOUT_MS = 10 * 60_000;

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

function run(cmd, args, opts) {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeout ?? BUILD_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      fail(new Error(`could not run ${cmd} in ${opts.cwd}: ${e.message}${e.code === 'ENOENT' ? ` (is ${cmd} installed and on PATH?)` : ''}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) ok(out);
      else fail(new Error(`${cmd} ${args.join(' ')} failed (${signal || 'exit ' + code}) in ${opts.cwd}:\n${out.trim()}`));
    });
  });
}

/** The account e2e tests sign in with (made in a fresh, temporary store), and its team. */
export const E2E_WORKER = { email: 'e2e-worker@example.org', password: 'an e2e worker password', team: 'E2E Team' };
/** An admin, of no team: the standing round, the problem profile, teams, accounts and the audit trail are theirs. They set up a second factor at their first sign-in (secondfactor.mjs). */
export const E2E_ADMIN = { email: 'e2e-admin@example.org', password: 'an e2e admin password' };

async function addWorker(bin, data) {
  await heardCommand(bin, data, ['team', 'add', E2E_WORKER.team], '');
  await heardCommand(bin, data, ['user', 'add', '--email', E2E_WORKER.email, '--role', 'worker', '--team', E2E_WORKER.team],
    E2E_WORKER.password + '\n');
  await heardCommand(bin, data, ['user', 'add', '--email', E2E_ADMIN.email, '--role', 'admin'], E2E_ADMIN.password + '\n');
}

/** Runs a heard command on the data folder, with stdin. */
function heardCommand(bin, data, args, stdin) {
  return new Promise((ok, fail) => {
    const child = spawn(bin, args, {
      env: { ...process.env, HEARD_DATA: data }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok() : fail(new Error(`heard ${args[0]} ${args[1]} failed: ${out}`))));
    child.stdin.end(stdin);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(base, child, logs) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`server exited (code ${child.exitCode}) before /healthz answered:\n${logs()}`);
    }
    try {
      const r = await fetch(new URL('/healthz', base), { signal: AbortSignal.timeout(2_000) });
      if (r.status === 200) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = String(e.cause?.code || e.message || e);
    }
    await sleep(200);
  }
  throw new Error(`GET ${base}/healthz did not return 200 within ${HEALTH_TIMEOUT_MS / 1000} s (last: ${last})\n${logs()}`);
}

/**
 * Start (or find) the server. Returns { url, stop, started } where url has no
 * trailing slash, e.g. "http://127.0.0.1:40123".
 */
export async function startServer() {
  if (process.env.HEARD_URL) {
    const url = process.env.HEARD_URL.replace(/\/+$/, '');
    return { url, started: false, stop: async () => {} };
  }

  if (!existsSync(join(REPO_ROOT, 'cmd', 'heard'))) {
    throw new Error(`no cmd/heard in ${REPO_ROOT}: run from a Heard checkout, set HEARD_ROOT, or set HEARD_URL to a running server`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'heard-e2e-'));
  const bin = join(dir, 'heard');
  const data = join(dir, 'data');
  mkdirSync(data);
  const cleanupDir = () => rmSync(dir, { recursive: true, force: true });
  try {
    await run('go', ['build', '-o', bin, './cmd/heard'], { cwd: REPO_ROOT, env: process.env });
  } catch (e) {
    cleanupDir();
    throw e;
  }

  // A participation worker's account, made before the server holds the store.
  try {
    await addWorker(bin, data);
  } catch (e) {
    cleanupDir();
    throw e;
  }

  const port = await freePort();
  const addr = `127.0.0.1:${port}`;
  const url = `http://${addr}`;
  let log = '';
  const child = spawn(bin, [], {
    cwd: REPO_ROOT,
    env: { ...process.env, HEARD_ADDR: addr, HEARD_DATA: data },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let all = '';
  const keep = (d) => { log = (log + d).slice(-8_000); all += d; };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const logs = () => (log.trim() ? `server output (last 8 kB):\n${log.trim()}` : '(server printed nothing)');

  // Never leave the server running: on exit, and on Ctrl-C / kill of the test process.
  const onExit = () => { try { child.kill('SIGKILL'); } catch {} cleanupDir(); };
  const onSignal = (sig) => { onExit(); process.exit(sig === 'SIGINT' ? 130 : 143); };
  process.on('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(t);
    }
    cleanupDir();
  };

  try {
    await waitHealthy(url, child, logs);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, started: true, stop, logs, allLogs: () => all };
}
