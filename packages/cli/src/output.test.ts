import { describe, expect, it } from 'vitest';
import { formatEntity, formatTable, Output } from './output.js';

describe('formatTable', () => {
  it('aligns columns to the widest cell and flattens newlines in values', () => {
    const table = formatTable(
      [
        { id: '1', name: 'mnist', note: 'two\nlines' },
        { id: '12', name: 'résumé-classifier', note: undefined },
      ],
      [
        { header: 'ID', value: (row) => row.id },
        { header: 'NAME', value: (row) => row.name },
        { header: 'NOTE', value: (row) => row.note },
      ],
    );
    expect(table.split('\n')).toEqual([
      'ID  NAME               NOTE',
      '1   mnist              two lines',
      '12  résumé-classifier',
      '',
    ]);
  });
});

describe('formatTable with wide characters', () => {
  it('pads CJK and emoji by the columns a terminal gives them (two each)', () => {
    const table = formatTable(
      [{ path: 'a.bin' }, { path: '日本.bin' }, { path: '🙂🙂.md' }, { path: 'e\u0301.txt' }],
      [
        { header: 'PATH', value: (row) => row.path },
        { header: 'SIZE', value: () => '1 B' },
      ],
    );
    expect(table.split('\n')).toEqual([
      'PATH      SIZE',
      'a.bin     1 B',
      '日本.bin  1 B',
      '🙂🙂.md   1 B',
      'e\u0301.txt     1 B',
      '',
    ]);
  });
});

describe('formatEntity', () => {
  it('puts id, name and state first, shows times as ISO dates and custom properties as plain values', () => {
    const text = formatEntity({
      description: 'digits',
      state: 'LIVE',
      name: 'mnist',
      id: '3',
      createTimeSinceEpoch: '1700000000000',
      customProperties: {
        accuracy: { metadataType: 'MetadataDoubleValue', double_value: 0.97 },
        epochs: { metadataType: 'MetadataIntValue', int_value: '12' },
      },
    });
    expect(text.split('\n')).toEqual([
      'id:          3',
      'name:        mnist',
      'state:       LIVE',
      'description: digits',
      'created:     2023-11-14T22:13:20Z',
      'metadata:',
      '  accuracy: 0.97',
      '  epochs:   12',
      '',
    ]);
  });
});

describe('Output', () => {
  it('prints exactly the entities as JSON with --json, and no table or notice', () => {
    let written = '';
    const output = new Output(true, (text) => (written += text), false);
    output.list([], [{ header: 'ID', value: () => '1' }], 'models');
    expect(JSON.parse(written)).toEqual([]);
  });

  it('says so when a human list is empty', () => {
    let written = '';
    new Output(false, (text) => (written += text), false).list([], [], 'registered models');
    expect(written).toBe('No registered models.\n');
  });
});
