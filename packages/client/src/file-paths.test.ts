import { describe, expect, it } from 'vitest';
import { compareFilePaths, encodeFilePath, filePathProblem } from './file-paths.js';

describe('file paths', () => {
  it('accepts relative, normalised paths, unicode included', () => {
    for (const path of [
      'model.onnx',
      'a/b/c.bin',
      'données/modèle ü.bin',
      '日本/重み.safetensors',
      '.hidden',
      'a..b',
    ])
      expect(filePathProblem(path), path).toBeUndefined();
  });

  it('refuses what could escape or be ambiguous, naming why', () => {
    expect(filePathProblem('')).toMatch(/empty/);
    expect(filePathProblem('/etc/passwd')).toMatch(/absolute/);
    expect(filePathProblem('../x')).toMatch(/'\.\.'/);
    expect(filePathProblem('a/../../x')).toMatch(/'\.\.'/);
    expect(filePathProblem('a/./b')).toMatch(/'\.'/);
    expect(filePathProblem('a//b')).toMatch(/empty segment/);
    expect(filePathProblem('a/')).toMatch(/empty segment/);
    expect(filePathProblem('a\\..\\b')).toMatch(/backslash/);
    expect(filePathProblem('a\u0000b')).toMatch(/control/);
    expect(filePathProblem('a\nb')).toMatch(/control/);
    expect(filePathProblem('a\uD800')).toMatch(/Unicode/);
    expect(filePathProblem('é'.repeat(513))).toMatch(/1024 bytes/);
    expect(filePathProblem('é'.repeat(512))).toBeUndefined();
  });

  it('encodes each segment for a URL and keeps the separators', () => {
    expect(encodeFilePath('dir with space/ü?#%.bin')).toBe('dir%20with%20space/%C3%BC%3F%23%25.bin');
  });

  it('sorts by UTF-8 bytes, as the manifest does (not by UTF-16 code units)', () => {
    // In UTF-16 "😀" (0xD83D…) sorts before "～" (0xFF5E); in UTF-8 bytes (code points) after it.
    const paths = ['😀', '～', 'b', 'a/b', 'a'];
    expect([...paths].sort(compareFilePaths)).toEqual(['a', 'a/b', 'b', '～', '😀']);
  });
});
