import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliFailure } from './cli-failure.js';
import { collectMetadata, metadataFromFlags, parseScalar, readMetadataFile } from './metadata-flags.js';

describe('parseScalar', () => {
  it('types a value the way a shell user means it', () => {
    expect(parseScalar('true')).toBe(true);
    expect(parseScalar('false')).toBe(false);
    expect(parseScalar('12')).toBe(12);
    expect(parseScalar('-3')).toBe(-3);
    expect(parseScalar('0.97')).toBe(0.97);
    expect(parseScalar('1e-3')).toBe(0.001);
  });

  it('keeps as text what a number would change: leading zeros, huge integers, words', () => {
    expect(parseScalar('007')).toBe('007');
    expect(parseScalar('12345678901234567890')).toBe('12345678901234567890');
    expect(parseScalar('v1')).toBe('v1');
    expect(parseScalar('NaN')).toBe('NaN');
    expect(parseScalar('True')).toBe('True');
    expect(parseScalar('')).toBe('');
    expect(parseScalar(' 1')).toBe(' 1');
  });
});

describe('collectMetadata', () => {
  it('collects repeated key=value flags, splitting at the first =', () => {
    const first = collectMetadata('accuracy=0.9');
    expect(collectMetadata('query=a=b', first)).toEqual({ accuracy: 0.9, query: 'a=b' });
  });

  it('refuses a pair without a key', () => {
    expect(() => collectMetadata('accuracy')).toThrow('expected key=value');
    expect(() => collectMetadata('=1')).toThrow('expected key=value');
  });
});

describe('readMetadataFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'modelreg-metadata-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("keeps a YAML or JSON file's types, leaving out nulls", async () => {
    const yaml = file('m.yaml', 'accuracy: 0.97\nepochs: 12\nfinal: true\ncommit: "0123"\ngone: null\n');
    expect(await readMetadataFile(yaml)).toEqual({ accuracy: 0.97, epochs: 12, final: true, commit: '0123' });
    const json = file('m.json', '{"accuracy": 0.5, "framework": "pytorch"}');
    expect(await readMetadataFile(json)).toEqual({ accuracy: 0.5, framework: 'pytorch' });
  });

  it('lets --metadata flags win over the file', async () => {
    const yaml = file('base.yaml', 'accuracy: 0.5\nteam: vision\n');
    expect(await metadataFromFlags({ metadataFile: yaml, metadata: { accuracy: 0.9 } })).toEqual({
      accuracy: 0.9,
      team: 'vision',
    });
  });

  it('fails with one line naming the file for a missing file, bad syntax, a list or a nested map', async () => {
    await expect(readMetadataFile(join(dir, 'missing.yaml'))).rejects.toThrow(
      /cannot read .*missing\.yaml \(ENOENT\)/,
    );
    await expect(readMetadataFile(file('bad.yaml', 'a: [1'))).rejects.toThrow(
      /bad\.yaml is not JSON or YAML/,
    );
    await expect(readMetadataFile(file('list.yaml', '- 1\n- 2\n'))).rejects.toThrow(/must hold a map/);
    const nested = readMetadataFile(file('nested.json', '{"metrics": {"accuracy": 1}}'));
    await expect(nested).rejects.toThrow(/'metrics' is a list or a map/);
    await expect(nested).rejects.toBeInstanceOf(CliFailure);
  });
});
