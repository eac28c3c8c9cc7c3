import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, isAbstractType } from 'graphql';
import { possibleTypes } from '../../web/src/apollo/possible-types';

/** The web app's cache must know every implementation of every interface and union in schema.graphql. */
test('web possibleTypes match schema.graphql', () => {
  const schema = buildSchema(readFileSync(path.resolve(__dirname, '../../schema.graphql'), 'utf8'));
  const expected: Record<string, string[]> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !isAbstractType(type)) continue;
    expected[type.name] = schema.getPossibleTypes(type).map((t) => t.name).sort();
  }
  const actual = Object.fromEntries(Object.entries(possibleTypes).map(([k, v]) => [k, [...v].sort()]));
  expect(actual).toEqual(expected);
});
