import { describe, expect, it } from 'vitest';
import { insideString, modelFilterQuery, quote, replaceTerm, suggestionQuery, termAt } from './filters.js';

describe('the filter the models list asks with', () => {
  it('joins the typed query and the quick filters with AND, each value quoted', () => {
    expect(modelFilterQuery({})).toBeUndefined();
    expect(modelFilterQuery({ q: '  ' })).toBeUndefined();
    expect(
      modelFilterQuery({ q: 'a = 1 OR b = 2', stage: 'Production', owner: "o'neil", format: 'onnx' }),
    ).toBe("(a = 1 OR b = 2) AND stage = 'Production' AND owner = 'o\\'neil' AND format = 'onnx'");
    expect(modelFilterQuery({ label: 'a\\b' })).toBe("labels = 'a\\\\b'");
    expect(quote('plain')).toBe("'plain'");
  });
});

describe('search box suggestions', () => {
  it('finds the name being typed, and whether the caret is in a value', () => {
    expect(termAt('accuracy > 0.9 AND metrics.ac', 29)).toEqual({ start: 19, term: 'metrics.ac' });
    expect(termAt('', 0)).toEqual({ start: 0, term: '' });
    expect(insideString("owner = 'al", 11)).toBe(true);
    expect(insideString("owner = 'al' AND na", 19)).toBe(false);
    expect(insideString("owner = 'it\\'s", 14)).toBe(true);
  });

  it('asks for metric and parameter names after their prefix, else for fields', () => {
    expect(suggestionQuery('metrics.acc')).toEqual({ source: 'metric', prefix: 'acc', lead: 'metrics.' });
    expect(suggestionQuery('params.l')).toEqual({ source: 'param', prefix: 'l', lead: 'params.' });
    expect(suggestionQuery('sta')).toEqual({ source: 'field', prefix: 'sta', lead: '' });
  });

  it('replaces the term with the choice, a space after a whole name', () => {
    expect(replaceTerm('metrics.ac > 1', 0, 10, 'metrics.accuracy')).toEqual({
      text: 'metrics.accuracy > 1',
      caret: 16,
    });
    expect(replaceTerm('me', 0, 2, 'metrics.')).toEqual({ text: 'metrics.', caret: 8 });
    expect(replaceTerm('st', 0, 2, 'stage')).toEqual({ text: 'stage ', caret: 6 });
  });
});
