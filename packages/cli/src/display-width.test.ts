import { describe, expect, it } from 'vitest';
import { cutToWidth, displayWidth } from './display-width.js';

describe('displayWidth', () => {
  it('counts the columns a terminal gives each character', () => {
    expect(displayWidth('weights.bin')).toBe(11);
    expect(displayWidth('日本語.txt')).toBe(10);
    expect(displayWidth('한국어')).toBe(6);
    expect(displayWidth('ｆｕｌｌ')).toBe(8);
    expect(displayWidth('🙂.md')).toBe(5);
    expect(displayWidth('👨‍👩‍👧')).toBe(2);
    expect(displayWidth('🇩🇪')).toBe(2);
    expect(displayWidth('❤️')).toBe(2);
    expect(displayWidth('vocab ü e\u0301')).toBe(9);
    expect(displayWidth('a\u200bb')).toBe(2);
  });

  it('cuts to a width without splitting a character', () => {
    expect(cutToWidth('日本語', 5)).toBe('日本');
    expect(cutToWidth('ab👨‍👩‍👧cd', 3)).toBe('ab');
    expect(cutToWidth('abc', 10)).toBe('abc');
  });
});
