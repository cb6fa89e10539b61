import { describe, expect, it } from 'vitest';
import { ANSWERED_LATER } from '../sql/dialects/sql-dialect.js';
import { statementLabel } from './prometheus-metrics.js';

describe('the label a statement is timed under', () => {
  it('is its verb and main table', () => {
    expect(statementLabel('insert into "artifact" ("name") values ($1)')).toBe('insert artifact');
    expect(statementLabel('select * from `model_version` where id = ?')).toBe('select model_version');
    expect(statementLabel('commit')).toBe('commit');
  });

  it('reads past a leading comment, as a statement answered later has', () => {
    const touch = 'update "registered_model" set "last_update_time" = $1 where "id" = $2';
    expect(statementLabel(`${ANSWERED_LATER}${touch}`)).toBe('update registered_model');
    expect(statementLabel(`/* a\nb */ ${touch}`)).toBe('update registered_model');
  });
});
