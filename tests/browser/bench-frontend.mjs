// The first load of the staff app on a slow network, measured in Chromium: DevTools network
// emulation (CDP Network.emulateNetworkConditions) at 4 Mbit/s down, 1 Mbit/s up and 150 ms
// latency, a fresh profile per run (cold cache), then one reload of the same page (warm cache);
// and a cold load that accepts gzip only (Chromium offers brotli on https:// and localhost only).
//
// For each load: first paint and first contentful paint (Paint Timing), and "interactive": the
// moment the login form is in the page (what an officer can type into), all from navigation
// start; plus the bytes on the wire and the Content-Encoding of the wasm.
//
// Environment: SANXIANG_BASE_URL (the server), BENCH_RUNS (cold runs, default 3),
// SANXIANG_CHROMIUM (default /usr/bin/chromium). Prints one JSON line per load and, last, a
// JSON summary line (medians) that `cargo xtask bench frontend` (xtask/src/bench_frontend.rs)
// reads.

import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const baseUrl = (process.env.SANXIANG_BASE_URL ?? '').replace(/\/+$/, '');
if (!baseUrl) {
  console.error('bench-frontend: SANXIANG_BASE_URL is not set');
  process.exit(2);
}
const runs = Number(process.env.BENCH_RUNS || 3);
const executablePath = process.env.SANXIANG_CHROMIUM || '/usr/bin/chromium';

export const NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: (4 * 1000 * 1000) / 8,
  uploadThroughput: (1 * 1000 * 1000) / 8,
};

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// Runs in the page before its own scripts: notes when the login form first appears.
function watchLoginForm() {
  const mark = () => {
    if (window.__sxInteractive === undefined && document.getElementById('login-form')) {
      window.__sxInteractive = performance.now();
    }
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
}

async function load(page, cdp, navigate) {
  const bytes = { total: 0 };
  const encodings = {};
  const urls = new Map();
  const onResponse = (e) => {
    urls.set(e.requestId, e.response.url);
    const path = new URL(e.response.url).pathname;
    const enc = e.response.headers['content-encoding'] || e.response.headers['Content-Encoding'];
    if (path.endsWith('.wasm')) encodings.wasm = enc || 'identity';
    if (path.endsWith('.js')) encodings.js = enc || 'identity';
  };
  const onFinished = (e) => {
    bytes.total += e.encodedDataLength;
    const url = urls.get(e.requestId);
    if (url && new URL(url).pathname.endsWith('.wasm')) bytes.wasm = (bytes.wasm ?? 0) + e.encodedDataLength;
  };
  cdp.on('Network.responseReceived', onResponse);
  cdp.on('Network.loadingFinished', onFinished);
  await navigate();
  await page.waitForSelector('#login-form', { state: 'visible', timeout: 120_000 });
  const m = await page.evaluate(() => {
    const paint = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
    return {
      firstPaint: paint('first-paint'),
      firstContentfulPaint: paint('first-contentful-paint'),
      interactive: window.__sxInteractive ?? null,
    };
  });
  cdp.off('Network.responseReceived', onResponse);
  cdp.off('Network.loadingFinished', onFinished);
  const round = (v) => (v === null ? null : Math.round(v));
  return {
    firstPaint: round(m.firstPaint),
    firstContentfulPaint: round(m.firstContentfulPaint),
    interactive: round(m.interactive),
    bytesOnWire: bytes.total,
    wasmBytesOnWire: bytes.wasm ?? 0,
    encodings,
  };
}

const median = (xs) => {
  const s = xs.filter((x) => x !== null).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
};

// One cold load in a fresh profile, then (`reload`) a warm one. `encodings`: what Chromium may
// accept (an explicit Accept-Encoding header, CDP Network.setExtraHTTPHeaders), e.g. gzip only as over plain http to a remote host.
async function coldAndWarm(i, label, encodings, reload) {
  const profile = mkdtempSync(join(tmpdir(), 'sanxiang-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: ARGS,
    viewport: { width: 1366, height: 800 },
    locale: 'zh-CN',
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript(watchLoginForm);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    if (encodings) {
      await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': encodings.join(', ') } });
    }
    const c = await load(page, cdp, () => page.goto(`${baseUrl}/`, { waitUntil: 'commit' }));
    console.log(JSON.stringify({ run: i + 1, cache: 'cold', label, ...c }));
    let w = null;
    if (reload) {
      w = await load(page, cdp, () => page.reload({ waitUntil: 'commit' }));
      console.log(JSON.stringify({ run: i + 1, cache: 'warm', label, ...w }));
    }
    return [c, w];
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const cold = [];
const warm = [];
const gzipOnly = [];
for (let i = 0; i < runs; i += 1) {
  const [c, w] = await coldAndWarm(i, 'default', null, true);
  cold.push(c);
  warm.push(w);
  const [g] = await coldAndWarm(i, 'gzip-only', ['gzip', 'deflate'], false);
  gzipOnly.push(g);
}

const summary = (loads) => ({
  firstPaint: median(loads.map((l) => l.firstPaint)),
  firstContentfulPaint: median(loads.map((l) => l.firstContentfulPaint)),
  interactive: median(loads.map((l) => l.interactive)),
  bytesOnWire: median(loads.map((l) => l.bytesOnWire)),
  wasmBytesOnWire: median(loads.map((l) => l.wasmBytesOnWire)),
  encodings: loads[0]?.encodings ?? {},
});
console.log(
  JSON.stringify({
    summary: { runs, network: NETWORK, cold: summary(cold), warm: summary(warm), gzipOnly: summary(gzipOnly) },
  }),
);
