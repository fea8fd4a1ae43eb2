import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIAL_SELECTION } from '../../projects/background/src/app/dial-selection';
import { firefoxManifest, GECKO_ID, renderManifest, workerOrigin } from './manifest';

describe('workerOrigin (the build’s WORKER_URL)', () => {
  it('[policy: credentials go only to the authentication endpoint over TLS] accepts https:, and http: only for a loopback Worker', () => {
    expect(workerOrigin('https://c2d.voipcom.network/')).toBe('https://c2d.voipcom.network');
    expect(workerOrigin('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787');
    expect(workerOrigin('http://localhost:8787')).toBe('http://localhost:8787');
    for (const refused of [
      'http://c2d.voipcom.network',
      'http://10.0.0.5:8787',
      'ftp://c2d.voipcom.network',
      'http://127.0.0.1.evil.example',
    ]) {
      expect(() => workerOrigin(refused)).toThrow(/https:/);
    }
  });
});

describe('the manifest template', () => {
  it('declares the shortcut the background listens for (DIAL_SELECTION)', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../projects/extension/manifest.json'), 'utf8')) as {
      commands: Record<string, unknown>;
    };
    expect(Object.keys(manifest.commands)).toEqual([DIAL_SELECTION]);
  });
});

describe('firefoxManifest (the Firefox package)', () => {
  const chrome = renderManifest(
    readFileSync(join(__dirname, '../../projects/extension/manifest.json'), 'utf8'),
    'https://c2d.voipcom.network',
    '1.2.3',
  );
  const firefox = JSON.parse(firefoxManifest(chrome)) as Record<string, unknown>;
  const original = JSON.parse(chrome) as Record<string, unknown>;

  it('differs from Chrome’s only in the background scripts, the gecko settings and the dropped key', () => {
    const changed = [...new Set([...Object.keys(original), ...Object.keys(firefox)])].filter(
      (key) => JSON.stringify(original[key]) !== JSON.stringify(firefox[key]),
    );
    expect(changed.sort()).toEqual(['background', 'browser_specific_settings', 'key']);
    expect(firefox['background']).toEqual({ service_worker: 'background/main.js', type: 'module', scripts: ['background/main.js'] });
  });

  it('declares to Firefox the data the policy says we collect, and no optional collection', () => {
    expect(firefox['browser_specific_settings']).toEqual({
      gecko: {
        id: GECKO_ID,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['authenticationInfo', 'personalCommunications', 'personallyIdentifyingInfo'] },
      },
    });
  });
});
