import { describe, expect, it } from 'vitest';
import { filePathProblem as serverProblem } from '../../server/src/domain/model-files.js';
import { filePathFault } from './file-path-rule.js';
import { filePathProblem as clientProblem } from './file-paths.js';

const PATHS = [
  'model.onnx',
  'a/b/c.bin',
  'données/modèle ü.bin',
  '.hidden',
  'a..b',
  '',
  '/etc/passwd',
  '../x',
  'a/./b',
  'a//b',
  'a/',
  'a\\b',
  'a\u0000b',
  'a\u0085b',
  'a\uD800',
  '\uDC00a',
  '😀.bin',
  'é'.repeat(512),
  'é'.repeat(513),
  '/a\\b',
];

describe('the file-path rule, shared by the SDK and the server', () => {
  it('names each fault', () => {
    expect(PATHS.map((path) => filePathFault(path) ?? 'ok')).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'empty',
      'absolute',
      'dot-dot-segment',
      'dot-segment',
      'empty-segment',
      'empty-segment',
      'backslash',
      'control-character',
      'control-character',
      'lone-surrogate',
      'lone-surrogate',
      'ok',
      'ok',
      'too-long',
      'absolute',
    ]);
  });

  it('makes the SDK and the server refuse the same paths', () => {
    for (const path of PATHS)
      expect(clientProblem(path) === undefined, JSON.stringify(path)).toBe(serverProblem(path) === undefined);
  });
});
