import { describe, expect, it } from 'vitest';
import { termsOf } from './search-terms.js';

describe('termsOf', () => {
  it('gives the names a filterQuery compares, not its keywords, numbers or strings', () => {
    expect(termsOf(`accuracy >= 0.95 AND params.optimizer = 'adam' OR NOT state IN ('LIVE', "x y")`)).toEqual(
      [
        { name: 'accuracy', backticked: false },
        { name: 'params.optimizer', backticked: false },
        { name: 'state', backticked: false },
      ],
    );
    expect(termsOf("name LIKE 'it''s and more' AND epochs BETWEEN 1e3 AND 2 AND notes IS NOT NULL")).toEqual([
      { name: 'name', backticked: false },
      { name: 'epochs', backticked: false },
      { name: 'notes', backticked: false },
    ]);
  });

  it('takes a backticked name whole, as a custom property', () => {
    expect(termsOf('`my-prop` = 1 AND `a``b` > 2')).toEqual([
      { name: 'my-prop', backticked: true },
      { name: 'a`b', backticked: true },
    ]);
  });
});
