import { cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import puppeteer from 'puppeteer-core';
const dir = '/tmp/ff-ext';
rmSync(dir, { recursive: true, force: true });
cpSync('dist/extension', dir, { recursive: true });
const m = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8'));
delete m.key; delete m.minimum_chrome_version;
m.background = { service_worker: 'background/main.js', scripts: ['background/main.js'], type: 'module' };
m.browser_specific_settings = { gecko: { id: 'click-to-dial@voipcom.network', strict_min_version: '140.0' } };
writeFileSync(`${dir}/manifest.json`, JSON.stringify(m, null, 2));
const server = createServer((req, res) => {
  console.log('server got', req.method, req.url, 'Origin:', req.headers.origin);
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end('<html><body><a href="tel:+14155550123">call</a> text +1 415 555 0199</body></html>');
});
server.listen(8787, '127.0.0.1');
(async () => {
  const uuid = '6b2f1f0e-4a8c-4d3e-9f1a-0c2d3e4f5a6b';
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true, dumpio: true, args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { 'devtools.console.stdout.chrome': true, 'devtools.console.stdout.content': true, 'extensions.webextensions.uuids': JSON.stringify({ 'click-to-dial@voipcom.network': uuid }) } });
  const id = await browser.installExtension(dir);
  console.log('installed', id);
  const page = await browser.newPage();
  page.on('console', (m) => console.log('console', m.type(), m.text()));
  await page.goto(`moz-extension://${uuid}/popup.html`, { timeout: 5000, waitUntil: 'domcontentloaded' }).catch((e) => console.log('goto', String(e).slice(0,80)));
  console.log('url', page.url());
  await new Promise((r) => setTimeout(r, 3000));
  console.log(await page.evaluate(() => document.body.innerText.slice(0, 300)));
  console.log(await page.evaluate(async () => { const b = (globalThis as any).browser; return JSON.stringify({ perms: await b.permissions.getAll(), contains: await b.permissions.contains({ origins: ['<all_urls>'] }), sess: typeof b.storage.session, sal: typeof b.storage.local.setAccessLevel, ssal: typeof b.storage.session?.setAccessLevel }); }));
  const p2 = await browser.newPage();
  await p2.goto('http://127.0.0.1:8787/x');
  await new Promise((r) => setTimeout(r, 2000));
  await browser.close(); server.close();
})().catch((e) => { console.error(e); process.exit(1); });
