import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compareWithDocument } from './schema-agreement.js';
import { wireId } from './values.js';

const document = {
  components: {
    schemas: {
      Stage: { type: 'string', enum: ['Development', 'Staging'] },
      Move: {
        type: 'object',
        required: ['id', 'stage'],
        properties: {
          id: { type: 'string' },
          stage: { $ref: '#/components/schemas/Stage' },
          comment: { type: 'string', nullable: true },
          tags: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};
const documented = { $ref: '#/components/schemas/Move' };
const agreeing = z.object({
  id: z.string(),
  stage: z.enum(['Development', 'Staging']),
  comment: z.string().nullable().optional(),
  tags: z.array(z.string()).optional(),
});

const compare = (schema: z.ZodType, direction: 'request' | 'response' = 'response') =>
  compareWithDocument(documented, document, schema, direction);

describe('compareWithDocument', () => {
  it('finds no difference between a zod schema and the document schema that says the same', () => {
    expect(compare(agreeing)).toEqual([]);
  });

  it('names a property on one side only, in both directions', () => {
    expect(compare(agreeing.omit({ tags: true }))).toEqual(['$.tags: in the document, not in zod']);
    expect(compare(agreeing.extend({ extra: z.string().optional() }))).toEqual([
      '$.extra: in zod, not in the document',
    ]);
  });

  it('names a difference in required-ness, type, enum and item type', () => {
    expect(compare(agreeing.extend({ comment: z.string().nullable() }))).toEqual([
      '$.comment: optional in the document, required in zod',
    ]);
    expect(compare(agreeing.extend({ id: z.number() }))).toEqual([
      '$.id: the document says string, zod number',
    ]);
    expect(compare(agreeing.extend({ stage: z.enum(['Development', 'Production']) }))).toEqual([
      '$.stage: enum "Development","Staging" in the document, "Development","Production" in zod',
    ]);
    expect(compare(agreeing.extend({ tags: z.array(z.number()).optional() }))).toEqual([
      '$.tags[]: the document says string, zod number',
    ]);
  });

  it('accepts an id as a string or a number in a request, as the server does, and never in an answer', () => {
    const lenient = agreeing.extend({ id: wireId });
    expect(compare(lenient, 'request')).toEqual([]);
    expect(compare(agreeing.extend({ id: z.union([z.string(), z.number()]) }), 'response')).toEqual([
      '$.id: the document says string, zod number|string',
    ]);
  });

  it('pairs the variants of a union by their tag and compares them', () => {
    const union = {
      oneOf: [
        { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: ['a'] } } },
        {
          type: 'object',
          required: ['type', 'n'],
          properties: { type: { type: 'string', enum: ['b'] }, n: { type: 'integer' } },
        },
      ],
    };
    const agreeingUnion = z.discriminatedUnion('type', [
      z.object({ type: z.literal('b'), n: z.number().int() }),
      z.object({ type: z.literal('a') }),
    ]);
    expect(compareWithDocument(union, {}, agreeingUnion, 'response')).toEqual([]);
    const wrong = z.discriminatedUnion('type', [
      z.object({ type: z.literal('b'), n: z.string() }),
      z.object({ type: z.literal('a') }),
    ]);
    expect(compareWithDocument(union, {}, wrong, 'response')).toEqual([
      '$<1>.n: the document says integer, zod string',
    ]);
  });

  it("reads a variant's tag from the union's discriminator mapping, and names a variant tagged otherwise", () => {
    const document = {
      components: {
        schemas: {
          Cat: {
            type: 'object',
            properties: { kind: { type: 'string', default: 'cat' }, purrs: { type: 'boolean' } },
          },
          Dog: {
            type: 'object',
            properties: { kind: { type: 'string', default: 'dog' }, barks: { type: 'boolean' } },
          },
        },
      },
    };
    const pet = {
      oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
      discriminator: {
        propertyName: 'kind',
        mapping: { cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog' },
      },
    };
    const cat = z.object({ purrs: z.boolean().optional() });
    const dog = z.object({ barks: z.boolean().optional() });
    const agreeing = z.union([
      cat.extend({ kind: z.literal('cat').optional() }),
      dog.extend({ kind: z.literal('dog').optional() }),
    ]);
    expect(compareWithDocument(pet, document, agreeing, 'response')).toEqual([]);
    const mistagged = z.union([
      cat.extend({ kind: z.literal('dog').optional() }),
      dog.extend({ kind: z.literal('cat').optional() }),
    ]);
    expect(compareWithDocument(pet, document, mistagged, 'response')).not.toEqual([]);
    // Without the mapping the document does not pin the tag: a tag in zod is then a difference.
    const { discriminator: _mapping, ...untagged } = pet;
    expect(compareWithDocument(untagged, document, agreeing, 'response')).toContain(
      '$<0>.kind: enum (none) in the document, "cat" in zod',
    );
  });
});
