/**
 * `npm start`, as a new user runs it: headless (a server without a display) and headed (a
 * desktop, here Xvfb from Debian's `xvfb` package, which .ci/run installs). Both must show the
 * Up next panel on the demo lead and send nothing off the machine; the headed one must stop
 * cleanly on Ctrl+C (SIGINT to the whole process group, as a terminal sends it).
 *
 * The browser is started through a wrapper (CHROME_PATH) that records its arguments, turns on
 * Chromium's own network log and opens a DevTools port on 127.0.0.1, through which the test
 * looks at the page the user sees. The network log is the evidence that no request left:
 * every TCP connection went to a loopback address, no UDP datagram went anywhere else, and
 * every request for another host failed to resolve.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { builtInPack } from '../../lib/sequence/templates/built-in';
import { CHROME_PATH, DEMO_HOSTS } from './support/demo-browser';
import { panelText } from './support/panel';

const ROOT = resolve(import.meta.dirname, '../..');
const SEQUENCE_NAME =
  builtInPack().sequences.find((sequence) => sequence.id === 'outbound-prospecting')?.name ?? '';
const DEMO_HOST_NAMES: readonly string[] = Object.values(DEMO_HOSTS);

let dir: string;
let xvfb: ChildProcess | undefined;
let display = '';

/** Starts Xvfb on a free display; resolves with its name (`:N`). */
function startXvfb(): Promise<string> {
  const which = spawnSync('sh', ['-c', 'command -v Xvfb']);
  if (which.status !== 0) {
    throw new Error(
      'The headed npm start test needs Xvfb: install Debian’s xvfb package (apt-get install xvfb); .ci/run does.',
    );
  }
  return new Promise((done, fail) => {
    xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let number = '';
    const fd3 = xvfb.stdio[3] as NodeJS.ReadableStream;
    fd3.on('data', (chunk: Buffer) => {
      number += chunk.toString();
      if (number.includes('\n')) done(`:${number.trim()}`);
    });
    xvfb.on('exit', (code) => fail(new Error(`Xvfb exited (${String(code)})`)));
  });
}

interface Run {
  /** Everything printed so far (stdout and stderr). */
  output: () => string;
  /** Resolves when `text` has been printed. */
  printed: (text: string, timeoutMs?: number) => Promise<void>;
  /** Resolves when npm and everything it started have exited and closed their output. */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  child: ChildProcess;
  files: { args: string; netLog: string };
}

/** `npm start [args]` in its own process group, with the recording browser wrapper. */
function npmStart(name: string, args: string[], env: Record<string, string | undefined>): Run {
  const files = { args: join(dir, `${name}-args.txt`), netLog: join(dir, `${name}-netlog.json`) };
  const wrapper = join(dir, `${name}-chrome`);
  writeFileSync(
    wrapper,
    `#!/bin/sh\nprintf '%s\\n' "$@" > '${files.args}'\n` +
      `exec '${CHROME_PATH}' "$@" --log-net-log='${files.netLog}' --remote-debugging-port=0\n`,
  );
  chmodSync(wrapper, 0o755);
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    CHROME_PATH: wrapper,
    UPNEXT_OUT_DIR: join(dir, 'out'),
  };
  for (const [key, value] of Object.entries(environment)) {
    // Unset what `env` unsets, and the test runner's variables: a user's terminal has neither.
    if (value === undefined || key.startsWith('VITEST') || key === 'NODE_ENV')
      Reflect.deleteProperty(environment, key);
  }
  const child = spawn('npm', ['start', ...(args.length > 0 ? ['--', ...args] : [])], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: environment,
  });
  let output = '';
  const waiters: (() => void)[] = [];
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const waiter of waiters) waiter();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('close', (code, signal) => done({ code, signal })),
  );
  const printed = (text: string, timeoutMs = 150_000): Promise<void> =>
    new Promise((done, fail) => {
      const giveUp = (why: string): void =>
        fail(new Error(`npm start ${why} before printing “${text}”; it printed:\n${output}`));
      const timer = setTimeout(() => giveUp(`took ${timeoutMs} ms`), timeoutMs);
      const check = (): boolean => {
        if (!output.includes(text)) return false;
        clearTimeout(timer);
        done();
        return true;
      };
      waiters.push(check);
      check();
      void closed.then(() => {
        if (!check()) {
          clearTimeout(timer);
          giveUp('exited');
        }
      });
    });
  return { output: () => output, printed, closed, child, files };
}

interface NetLog {
  constants: {
    logEventTypes: Record<string, number>;
    logSourceType: Record<string, number>;
  };
  events: {
    type: number;
    source: { id: number; type: number };
    params?: Record<string, unknown>;
  }[];
}

const isLoopback = (address: string): boolean => /^(127\.\d+\.\d+\.\d+|\[::1\]):\d+$/.test(address);

/** What Chromium's network log says went where. */
function readNetLog(file: string): {
  tcpRemote: string[];
  udpSentTo: string[];
  requests: { url: string; failedWith: number | null }[];
} {
  const log = JSON.parse(readFileSync(file, 'utf8')) as NetLog;
  const eventName = new Map(Object.entries(log.constants.logEventTypes).map(([k, v]) => [v, k]));
  const sourceName = new Map(Object.entries(log.constants.logSourceType).map(([k, v]) => [v, k]));
  const tcpRemote: string[] = [];
  const udpTarget = new Map<number, string>();
  const udpSent = new Set<number>();
  const urlOf = new Map<number, string>();
  const failed = new Map<number, number>();
  for (const event of log.events) {
    const name = eventName.get(event.type) ?? '';
    const source = sourceName.get(event.source.type) ?? '';
    const params = event.params ?? {};
    if (source.startsWith('UDP')) {
      if (name === 'UDP_CONNECT' && typeof params['address'] === 'string')
        udpTarget.set(event.source.id, params['address']);
      if (name === 'UDP_BYTES_SENT') udpSent.add(event.source.id);
    } else if (name === 'TCP_CONNECT_ATTEMPT' && typeof params['address'] === 'string') {
      tcpRemote.push(params['address']);
    }
    if (name === 'URL_REQUEST_START_JOB' && typeof params['url'] === 'string')
      urlOf.set(event.source.id, params['url']);
    if (name === 'REQUEST_ALIVE' && typeof params['net_error'] === 'number')
      failed.set(event.source.id, params['net_error']);
  }
  return {
    tcpRemote,
    udpSentTo: [...udpSent].map((id) => udpTarget.get(id) ?? `socket ${id}`),
    requests: [...urlOf].map(([id, url]) => ({ url, failedWith: failed.get(id) ?? null })),
  };
}

/** Nothing left the machine, and the demo really was loaded through the local server. */
function expectNothingLeft(netLog: string, demoPort: number): void {
  const { tcpRemote, udpSentTo, requests } = readNetLog(netLog);
  expect(tcpRemote.filter((address) => !isLoopback(address))).toEqual([]);
  expect(udpSentTo.filter((address) => !isLoopback(address))).toEqual([]);
  expect(tcpRemote).toContain(`127.0.0.1:${demoPort}`);
  const web = requests.filter(({ url }) => /^(https?|wss?):/.test(url));
  const demo = web.filter(({ url }) => DEMO_HOST_NAMES.includes(new URL(url).hostname));
  expect(demo.some(({ url }) => url.includes('pagetype=entityrecord'))).toBe(true);
  // Chromium's own background requests (Google services) never get past name resolution.
  const ERR_NAME_NOT_RESOLVED = -105;
  expect(
    web
      .filter((request) => !demo.includes(request))
      .filter(({ failedWith }) => failedWith !== ERR_NAME_NOT_RESOLVED),
  ).toEqual([]);
}

/** The launch flags the start script must keep whatever the mode. */
function expectLaunchFlags(argsFile: string, demoPort: number): void {
  const args = readFileSync(argsFile, 'utf8').split('\n');
  if (process.getuid?.() === 0) expect(args).toContain('--no-sandbox');
  expect(args).toContain('--ignore-certificate-errors');
  const rules = args.find((arg) => arg.startsWith('--host-resolver-rules='));
  expect(rules).toContain(`MAP ${DEMO_HOSTS.dynamics} 127.0.0.1:${demoPort}`);
  expect(rules).toContain('MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost');
}

const demoPortOf = (output: string): number => {
  const port = /demo CRM on https:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
  if (port === undefined) throw new Error(`No demo CRM port in:\n${output}`);
  return Number(port);
};

/** Resolves true when nothing accepts connections on 127.0.0.1:`port` any more. */
function portClosed(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('connect', () => {
      socket.destroy();
      done(false);
    });
    socket.on('error', () => done(true));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upnext-start-'));
  display = await startXvfb();
}, 30_000);

afterAll(() => {
  xvfb?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start', { timeout: 240_000 }, () => {
  it('names a CHROME_PATH that points nowhere, and starts nothing', async () => {
    const missing = join(dir, 'no-such-browser');
    const child = spawn('npm', ['start'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CHROME_PATH: missing },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((done) => child.on('close', done));
    expect(code).toBe(1);
    expect(stderr).toContain(
      `npm start: CHROME_PATH is set to "${missing}", but there is no file there.`,
    );
  });

  it('without a display: shows the panel headless, saves a screenshot, exits 0, nothing leaves', async () => {
    const run = npmStart('headless', [], { DISPLAY: undefined, WAYLAND_DISPLAY: undefined });
    const { code } = await run.closed;
    const output = run.output();
    expect(code, output).toBe(0);
    expect(output).toContain('running headless; Ctrl+C stops it');
    expect(output).toContain(
      `the Up next panel shows “${SEQUENCE_NAME}” on https://${DEMO_HOSTS.dynamics}/`,
    );
    // The browser is gone: no links into it.
    expect(output).not.toContain('chrome-extension://');
    const screenshot = join(dir, 'out', 'demo', 'panel.png');
    expect(output).toContain(`screenshot of the Up next panel on a demo lead: ${screenshot}`);
    expect(readFileSync(screenshot).subarray(1, 4).toString()).toBe('PNG');
    const port = demoPortOf(output);
    expectLaunchFlags(run.files.args, port);
    expectNothingLeft(run.files.netLog, port);
    expect(await portClosed(port)).toBe(true);
  });

  it('with a display: shows the panel in a real window and stops cleanly on Ctrl+C', async () => {
    const run = npmStart('headed', [], { DISPLAY: display, WAYLAND_DISPLAY: undefined });
    try {
      await run.printed('Close Chromium or press Ctrl+C to stop.');
    } catch (error) {
      // Still running (it printed nothing useful in time): stop the whole group.
      if (run.child.exitCode === null) process.kill(-(run.child.pid ?? 0), 'SIGKILL');
      throw error;
    }
    const output = run.output();
    expect(output).toContain('starting; Ctrl+C stops it');
    expect(output).not.toContain('running headless');
    const port = demoPortOf(output);
    expectLaunchFlags(run.files.args, port);

    // Look at what the user sees, through the DevTools port the wrapper opened.
    const profile = readFileSync(run.files.args, 'utf8')
      .split('\n')
      .find((arg) => arg.startsWith('--user-data-dir='))
      ?.slice('--user-data-dir='.length);
    expect(profile).toBeDefined();
    const activePort = join(profile ?? '', 'DevToolsActivePort');
    expect(existsSync(activePort)).toBe(true);
    const devtoolsPort = Number(readFileSync(activePort, 'utf8').split('\n')[0]);
    const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${devtoolsPort}` });
    try {
      expect(await browser.version()).not.toMatch(/Headless/i);
      const pages = await browser.pages();
      const crm = pages.find((page) => page.url().includes('pagetype=entityrecord'));
      expect(crm?.url().startsWith(`https://${DEMO_HOSTS.dynamics}/`)).toBe(true);
      const panel = crm === undefined ? '' : await panelText(crm);
      expect(panel).toContain(SEQUENCE_NAME);
      expect(
        await crm?.evaluate(() => ({ visible: document.visibilityState, width: innerWidth })),
      ).toMatchObject({ visible: 'visible' });
    } finally {
      await browser.disconnect();
    }

    // Ctrl+C in the terminal: SIGINT to the whole foreground process group.
    process.kill(-(run.child.pid ?? 0), 'SIGINT');
    const { code, signal } = await run.closed;
    // npm itself ends by the signal, as after any Ctrl+C; the start script ends with 0.
    expect(
      code === 0 || signal === 'SIGINT',
      `code ${String(code)}, signal ${String(signal)}`,
    ).toBe(true);
    expect(run.output()).toContain(
      'upnext: Ctrl+C: closing Chromium and the demo CRM…\nupnext: stopped\n',
    );
    expect(run.output()).not.toMatch(/failed|Error/);
    expect(await portClosed(port)).toBe(true);
    expect(await portClosed(devtoolsPort)).toBe(true);
    expectNothingLeft(run.files.netLog, port);
  });
});
