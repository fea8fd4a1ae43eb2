import { workerOrigin } from './manifest';

describe('workerOrigin (the build’s WORKER_URL)', () => {
  it('[policy: credentials go only to the authentication endpoint over TLS] accepts https:, and http: only for a loopback Worker', () => {
    expect(workerOrigin('https://c2d.voipcom.network/')).toBe('https://c2d.voipcom.network');
    expect(workerOrigin('http://127.0.0.1:8787')).toBe('http://127.0.0.1:8787');
    expect(workerOrigin('http://localhost:8787')).toBe('http://localhost:8787');
    for (const refused of ['http://c2d.voipcom.network', 'http://10.0.0.5:8787', 'ftp://c2d.voipcom.network', 'http://127.0.0.1.evil.example']) {
      expect(() => workerOrigin(refused)).toThrow(/https:/);
    }
  });
});
