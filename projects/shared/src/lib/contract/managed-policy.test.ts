import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalHost, MANAGED_POLICY_NAMES, ManagedPolicySchema, siteIsListed, siteOfUrl } from './managed-policy';

const EXTENSION = join(__dirname, '..', '..', '..', '..', 'extension');
const read = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(EXTENSION, file), 'utf8')) as Record<string, unknown>;

describe('the organisation policy contract', () => {
  test('managed-schema.json declares exactly the policies the extension reads, as Chrome requires it', () => {
    const schema = read('managed-schema.json');
    expect(schema['type']).toBe('object');
    expect(schema['additionalProperties']).toBeUndefined();
    const properties = schema['properties'] as Record<string, { type?: string }>;
    expect(Object.keys(properties).sort()).toEqual(Object.values(MANAGED_POLICY_NAMES).sort());
    // Chrome: every schema has exactly one type.
    for (const property of Object.values(properties)) expect(typeof property.type).toBe('string');
    expect(read('manifest.json')['storage']).toEqual({ managed_schema: 'managed-schema.json' });
  });

  test('the example policy file in the README is valid for the development build', () => {
    const example = read('managed-policy.example.json') as { '3rdparty': { extensions: Record<string, Record<string, unknown>> } };
    const values = example['3rdparty'].extensions['hdfblghhbnjdaamfompieibfckacncaj'];
    expect(values).toBeDefined();
    const policy = Object.fromEntries(Object.entries(MANAGED_POLICY_NAMES).map(([field, name]) => [field, values?.[name]]));
    expect(ManagedPolicySchema.safeParse(policy).success).toBe(true);
  });

  test('an inactive site covers its subdomains, not look-alikes', () => {
    expect(siteIsListed('example.com', ['example.com'])).toBe(true);
    expect(siteIsListed('crm.eu.example.com', ['example.com'])).toBe(true);
    expect(siteIsListed('notexample.com', ['example.com'])).toBe(false);
    expect(siteIsListed('example.com.evil.test', ['example.com'])).toBe(false);
    expect(siteIsListed('example.com', [])).toBe(false);
  });

  test('host names have one canonical form: lower case, no trailing dot, punycode; anything else is no host', () => {
    expect(['example.com', 'Example.COM', 'example.com.', ' EXAMPLE.com. '].map(canonicalHost)).toEqual([
      'example.com',
      'example.com',
      'example.com',
      'example.com',
    ]);
    expect(canonicalHost('bücher.example')).toBe('xn--bcher-kva.example');
    expect(
      ['', '.', 'example.com..', 'example.com:8080', 'example.com/path', 'user@example.com', 'exa mple.com'].map(canonicalHost),
    ).toEqual([null, null, null, null, null, null, null]);
    expect(siteOfUrl('https://Example.com.:8443/x?y')).toBe('example.com');
    expect(siteOfUrl('http://BÜCHER.example./')).toBe('xn--bcher-kva.example');
    expect(['chrome://settings', 'file:///tmp/x.html', undefined, 'not a url'].map(siteOfUrl)).toEqual([null, null, null, null]);
  });
});
