import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, Kind, parse, print, specifiedRules, validate, visit, type DocumentNode, type SelectionSetNode } from 'graphql';
import * as generated from '../../web/src/gql/graphql';
import { loadConfig } from '../../src/config';
import { createArmor } from '../../src/server';

/**
 * Every operation the web app sends must pass the server's validation and limits (depth, aliases, cost, tokens)
 * exactly as Apollo Client sends it, with __typename added to each selection set.
 */
const schema = buildSchema(readFileSync(path.resolve(__dirname, '../../schema.graphql'), 'utf8'));
const config = loadConfig({ NODE_ENV: 'test' });
const armor = createArmor(config);

function withTypename(doc: DocumentNode): DocumentNode {
  return visit(doc, {
    SelectionSet: {
      leave(node: SelectionSetNode, _key, parent) {
        if (parent && 'kind' in parent && parent.kind === Kind.OPERATION_DEFINITION) return node;
        if (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename')) return node;
        return { ...node, selections: [...node.selections, { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }] };
      },
    },
  });
}

const documents = Object.entries(generated).filter(([name, v]) => name.endsWith('Document') && (v as DocumentNode)?.kind === Kind.DOCUMENT) as Array<[string, DocumentNode]>;

test('the web app has operations to check', () => {
  expect(documents.length).toBeGreaterThan(20);
});

test.each(documents)('%s passes the server validation and limits', (_name, doc) => {
  const sent = print(withTypename(doc));
  const parsed = parse(sent, { maxTokens: config.limits.maxTokens });
  const errors = validate(schema, parsed, [...specifiedRules, ...armor.validationRules]);
  expect(errors.map((e) => e.message)).toEqual([]);
});
