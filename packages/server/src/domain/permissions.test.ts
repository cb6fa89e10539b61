import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, ROLES } from './access-control.js';
import { OPERATIONS, referencesOf, valuesAt } from './permissions.js';

const read = (path: string) => readFileSync(new URL(`../../../../${path}`, import.meta.url), 'utf8');

/** The rows of a markdown table between `<!-- name: …` and `<!-- end name -->`. */
function tableRows(text: string, name: string): string[][] {
  const start = text.indexOf(`<!-- ${name}:`);
  const end = text.indexOf(`<!-- end ${name} -->`);
  expect(start, `docs/security.md has the ${name} table`).toBeGreaterThan(-1);
  return text
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('|') && !line.startsWith('| ---'))
    .slice(1)
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

describe('the roles, as the code, the docs, the README and ADR 7 state them', () => {
  const security = read('docs/security.md');

  it('docs/security.md has the roles table of ROLE_PERMISSIONS', () => {
    const permissions = ['read', 'write', 'promote', 'admin'] as const;
    const documented = tableRows(security, 'roles').map(([role, ...cells]) => ({
      role,
      permissions: permissions.filter((_p, i) => cells[i] === 'yes'),
    }));
    expect(documented).toEqual(ROLES.map((role) => ({ role, permissions: [...ROLE_PERMISSIONS[role]] })));
  });

  it('README, ADR 7 and docs/security.md say the same sentence, which agrees with the code', () => {
    const sentence = (text: string) =>
      /Roles: viewer \(([^)]*)\), editor \(([^)]*)\), promoter \(([^)]*)\), admin \(([^)]*)\)\./.exec(
        text.replace(/\s+/g, ' '),
      );
    const readme = sentence(read('README.md'));
    const adr = sentence(read('docs/adr/0007-access-control.md'));
    const doc = sentence(security);
    expect(readme?.[0]).toBeDefined();
    expect(adr?.[0]).toBe(readme?.[0]);
    expect(doc?.[0]).toBe(readme?.[0]);
    // Each role's parenthesis names its permissions ("all of these" for admin).
    const [, viewer, editor, promoter, admin] = readme ?? [];
    expect(viewer).toBe('read');
    expect(editor).toBe('read and write');
    expect(promoter?.startsWith('read and promote')).toBe(true);
    expect(admin?.startsWith('all of these')).toBe(true);
    expect(ROLE_PERMISSIONS.viewer).toEqual(['read']);
    expect(ROLE_PERMISSIONS.editor).toEqual(['read', 'write']);
    expect(ROLE_PERMISSIONS.promoter).toEqual(['read', 'promote']);
    expect(ROLE_PERMISSIONS.admin).toEqual(['read', 'write', 'promote', 'admin']);
    // What promote is said to cover is what needs promote in the table: stage moves, approvals,
    // alias moves and deployments (KServe's records and syncs too), nothing else.
    const promoting = Object.entries(OPERATIONS)
      .filter(([, rule]) => rule.action === 'promote')
      .map(([id]) => id)
      .sort();
    expect(promoting).toEqual([
      'approveModelVersion',
      'deleteRegisteredModelAlias',
      'mlflowDeleteRegisteredModelAlias',
      'mlflowSetRegisteredModelAlias',
      'mlflowTransitionModelVersionStage',
      'moveRegisteredModelAliases',
      'recordKServeDeployment',
      'recordRegisteredModelDeployment',
      'setRegisteredModelAlias',
      'syncKServeDeployments',
      'transitionModelVersionStage',
    ]);
  });

  it('docs/security.md lists every operation under what it needs, as the table says', () => {
    const label = { public: 'nothing', authenticated: 'a credential' } as Record<string, string>;
    const expected: Record<string, string[]> = {};
    for (const [id, rule] of Object.entries(OPERATIONS))
      (expected[label[rule.action] ?? rule.action] ??= []).push(id);
    const documented = Object.fromEntries(
      tableRows(security, 'operations').map(([needs, list]) => [needs, (list ?? '').split(', ').sort()]),
    );
    expect(documented).toEqual(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, v.sort()])));
  });
});

describe('the references a request names', () => {
  it('walks dotted body paths through arrays and maps, skipping absent and null values', () => {
    const body = { parents: [{ modelVersionId: '3' }, { modelVersionId: 4 }], aliases: { a: '5', b: null } };
    expect(valuesAt(body, 'parents[].modelVersionId')).toEqual(['3', 4]);
    expect(valuesAt(body, 'aliases.*')).toEqual(['5']);
    expect(valuesAt(body, 'registeredModel.name')).toEqual([]);
  });

  it('takes the path first, the body only once it is read, and a listed query value item by item', () => {
    const request = {
      operation: 'updateInferenceService' as const,
      path: { id: '7' },
      query: {},
      body: { registeredModelId: '2', modelVersionId: '9' },
    };
    const rule = OPERATIONS.updateInferenceService;
    expect(referencesOf(rule, request, false).map((r) => `${r.kind}:${r.value}`)).toEqual([
      'inferenceService:7',
    ]);
    expect(referencesOf(rule, request, true).map((r) => `${r.kind}:${r.value}`)).toEqual([
      'inferenceService:7',
      'registeredModel:2',
      'modelVersion:9',
    ]);
    const compare = { operation: 'compareModelVersions' as const, path: {}, query: { versionIds: '1,2' } };
    expect(referencesOf(OPERATIONS.compareModelVersions, compare, false).map((r) => r.value)).toEqual([
      '1',
      '2',
    ]);
  });
});
