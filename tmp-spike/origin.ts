import { createServer } from 'node:http';
import puppeteer from 'puppeteer-core';
const server = createServer((req, res) => {
  console.log('server got', req.method, req.url, 'Origin:', req.headers.origin);
  res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': req.headers.origin ?? '*' });
  res.end('{}');
});
server.listen(8787, '127.0.0.1');
(async () => {
  const uuid = '6b2f1f0e-4a8c-4d3e-9f1a-0c2d3e4f5a6b';
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true, args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ 'click-to-dial@voipcom.network': uuid }) } });
  await browser.installExtension(process.cwd() + '/dist/extension-firefox');
  const page = await browser.newPage();
  await page.goto(`moz-extension://${uuid}/popup.html`, { timeout: 3000, waitUntil: 'domcontentloaded' }).catch(() => 0);
  await new Promise((r) => setTimeout(r, 2000));
  await page.evaluate(() => chrome.runtime.sendMessage({ type: 'session/sign-in', username: '1001@x', password: 'y' })).then((r) => console.log('reply', JSON.stringify(r)));
  await new Promise((r) => setTimeout(r, 1000));
  await browser.close(); server.close();
})().catch((e) => { console.error(e); process.exit(1); });
