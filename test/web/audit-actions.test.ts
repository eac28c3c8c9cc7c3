import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, isEnumType } from 'graphql';
import { ACTIONS } from '../../web/src/features/admin/audit-actions';

/** The admin page's action filter offers every audit action the API knows, and nothing else. */
test('web audit action filter matches the AuditAction enum in schema.graphql', () => {
  const schema = buildSchema(readFileSync(path.resolve(__dirname, '../../schema.graphql'), 'utf8'));
  const type = schema.getType('AuditAction');
  if (!type || !isEnumType(type)) throw new Error('schema.graphql has no AuditAction enum');
  expect([...ACTIONS].sort()).toEqual(type.getValues().map((v) => v.name).sort());
  expect(new Set(ACTIONS).size).toBe(ACTIONS.length);
});
