// Builds the static schema reference served at /reference: SpectaQL over the committed schema.graphql, with the
// operations of docs/API-EXAMPLES.md (each with its variables and an example response) as its introduction.
// Output: web/dist/reference (so it ships with the web app). Skipped when its inputs have not changed; --force builds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSchema, execute, isEnumType, isListType, isNonNullType, isScalarType, parse } from 'graphql';
import { inputsHash, upToDate } from './inputs-hash.mjs';

const OUT = 'web/dist/reference';
const STAMP = path.join(OUT, '.inputs-sha256');
const digest = inputsHash(['schema.graphql', 'docs/API-EXAMPLES.md', 'scripts/build-reference.mjs', 'package-lock.json']);
if (!process.argv.includes('--force') && existsSync(path.join(OUT, 'index.html')) && upToDate(STAMP, digest)) {
  console.log('web/dist/reference is up to date with schema.graphql and docs/API-EXAMPLES.md');
  process.exit(0);
}

const schema = buildSchema(readFileSync('schema.graphql', 'utf8'));

/** A plausible value for a scalar, by type name and field name. */
function scalarExample(typeName, fieldName) {
  const f = fieldName.toLowerCase();
  switch (typeName) {
    case 'ID':
      return '7d1f0a52-3c1e-4b7a-9f2e-5b8c9a1d2e3f';
    case 'Int':
      return f.includes('seq') ? 42 : f.includes('count') ? 3 : 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return true;
    case 'DateTimeISO':
    case 'DateTime':
      return '2026-11-29T12:00:00.000Z';
    default:
      if (f.includes('token')) return 'eyJhbGciOiJIUzI1NiJ9.example.signature';
      if (f.includes('email')) return 'ada@example.com';
      if (f.includes('username')) return 'ada';
      if (f.includes('cursor')) return 'Y3Vyc29yOjQy';
      if (f === 'body') return 'Hello, world!';
      if (f.includes('name')) return 'general';
      return `example ${fieldName}`;
  }
}

/** Executes an operation against the schema with resolvers that invent values of the right shape. */
function exampleResponse(source, variables) {
  const document = parse(source);
  const fieldResolver = (_parent, _args, _ctx, info) => {
    const make = (type) => {
      if (isNonNullType(type)) return make(type.ofType);
      if (isListType(type)) return [make(type.ofType)];
      if (isEnumType(type)) return type.getValues()[0].value;
      if (isScalarType(type)) return scalarExample(type.name, info.fieldName);
      return {};
    };
    return make(info.returnType);
  };
  const typeResolver = (_value, _ctx, _info, abstractType) => schema.getPossibleTypes(abstractType)[0].name;
  const result = execute({ schema, document, variableValues: variables, fieldResolver, typeResolver, rootValue: {} });
  if (result.errors) throw new Error(`example operation does not run against schema.graphql: ${result.errors[0].message}\n${source}`);
  return { data: result.data };
}

/** API-EXAMPLES.md with an "Example response" block after each operation (after its variables, when it has some). */
function examplesWithResponses() {
  const md = readFileSync('docs/API-EXAMPLES.md', 'utf8');
  const blocks = [...md.matchAll(/```(graphql|json)\n([\s\S]*?)```/g)];
  let out = '';
  let last = 0;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (b[1] !== 'graphql') continue;
    const next = blocks[i + 1];
    const between = next ? md.slice(b.index + b[0].length, next.index) : '';
    const vars = next && next[1] === 'json' && between.trim() === '' ? next : undefined;
    let variables = {};
    if (vars) {
      try {
        variables = JSON.parse(vars[2].replace(/"<[^">]+>"/g, '"7d1f0a52-3c1e-4b7a-9f2e-5b8c9a1d2e3f"').replace(/<[A-Z_]+>/g, '1'));
      } catch {
        variables = {};
      }
    }
    const end = (vars ?? b).index + (vars ?? b)[0].length;
    const response = exampleResponse(b[2], variables);
    out += md.slice(last, end) + `\n\nExample response (the shape; values are illustrative):\n\n\`\`\`json\n${JSON.stringify(response, null, 2)}\n\`\`\`\n`;
    last = end;
  }
  return out + md.slice(last);
}

const intro = examplesWithResponses()
  .replace(/^# .*\n/, '')
  .split(/^## /m);
const preface = intro.shift();
const introItems = [
  { title: 'Using this reference', description: `${preface.trim()}\n\nThis page is generated at build time from \`schema.graphql\`; it needs no network. The explorer at [/graphiql](/graphiql) runs operations against this server.` },
  ...intro.map((section) => {
    const nl = section.indexOf('\n');
    return { title: `Examples: ${section.slice(0, nl).trim()}`, description: section.slice(nl + 1).trim() };
  }),
];

const work = mkdtempSync(path.join(os.tmpdir(), 'parley-reference-'));
const config = {
  spectaql: { targetDir: path.resolve(OUT), oneFile: false },
  introspection: { schemaFile: path.resolve('schema.graphql'), removeTrailingPeriodFromDescriptions: false, fieldExpansionDepth: 2 },
  extensions: { graphqlScalarExamples: true },
  info: {
    title: 'Parley GraphQL API reference',
    description: 'Every query, mutation, subscription and type of the Parley API, with examples.',
    'x-introItems': introItems,
  },
  servers: [{ url: 'http://localhost:4000/graphql', description: 'Your Parley server (HTTP for queries and mutations, graphql-ws for subscriptions at the same path)', production: true, headers: [{ name: 'Authorization', example: 'Bearer <accessToken>', comment: 'from login or register' }] }],
};
// SpectaQL reads YAML; JSON is YAML.
const configFile = path.join(work, 'spectaql.yml');
writeFileSync(configFile, JSON.stringify(config, null, 2));
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
// stderr carries Sass deprecation notices from SpectaQL's theme on every build: shown only when the build fails.
const r = spawnSync(process.execPath, ['node_modules/spectaql/bin/spectaql.js', '-q', '-c', configFile, '-t', path.resolve(OUT)], { stdio: ['ignore', 'inherit', 'pipe'] });
rmSync(work, { recursive: true, force: true });
if (r.status !== 0) {
  process.stderr.write(r.stderr);
  process.exit(r.status ?? 1);
}
writeFileSync(STAMP, `${digest}\n`);
console.log(`wrote ${OUT}/index.html`);
