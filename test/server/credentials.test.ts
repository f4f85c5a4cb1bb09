import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CredentialStore, parseCredentialsJson, parseCredentialsList, readCredentialsFile } from '../../src/server/credentials.js';
import { fieldOf } from '../field-of.js';

describe('credentials', () => {
  it('parses id:secret pairs; a secret may contain colons, slashes and plus signs', () => {
    expect(parseCredentialsList(' AKID1:abc/def+g ,AKID2:x:y ')).toEqual([
      { accessKeyId: 'AKID1', secretAccessKey: 'abc/def+g' },
      { accessKeyId: 'AKID2', secretAccessKey: 'x:y' },
    ]);
  });

  it('names the entry at fault', () => {
    expect(fieldOf(() => parseCredentialsList('AKID1:a,nocolon'))).toBe('FLOW_ALIAS_ROUTER_CREDENTIALS[1]');
    expect(fieldOf(() => parseCredentialsList('AKID/1:a'))).toBe('FLOW_ALIAS_ROUTER_CREDENTIALS[0].accessKeyId');
    expect(fieldOf(() => parseCredentialsList('AKID1:'))).toBe('FLOW_ALIAS_ROUTER_CREDENTIALS[0].secretAccessKey');
    expect(fieldOf(() => parseCredentialsList('AKID1:a b'))).toBe('FLOW_ALIAS_ROUTER_CREDENTIALS[0].secretAccessKey');
    expect(fieldOf(() => parseCredentialsList('A:1,A:2'))).toBe('FLOW_ALIAS_ROUTER_CREDENTIALS[1].accessKeyId');
    expect(fieldOf(() => parseCredentialsList(' , '))).toBe('FLOW_ALIAS_ROUTER_CREDENTIALS');
    expect(fieldOf(() => parseCredentialsJson('{"accessKeyId":"a"}', 'f.json'))).toBe('f.json');
    expect(fieldOf(() => parseCredentialsJson('[{"accessKeyId":"a"}]', 'f.json'))).toBe('f.json[0].secretAccessKey');
    expect(fieldOf(() => parseCredentialsJson('[1]', 'f.json'))).toBe('f.json[0]');
    expect(fieldOf(() => parseCredentialsJson('[', 'f.json'))).toBe('f.json');
    expect(fieldOf(() => new CredentialStore([]))).toBe('credentials');
  });

  it('reads a credentials file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'far-credentials-'));
    try {
      const file = join(dir, 'keys.json');
      await writeFile(file, JSON.stringify([{ accessKeyId: 'AKID1', secretAccessKey: 's1' }]));
      const keys = await readCredentialsFile(file);
      expect(new CredentialStore(keys).secretFor('AKID1')).toBe('s1');
      expect(new CredentialStore(keys).secretFor('__proto__')).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
