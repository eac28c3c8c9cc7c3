import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode, type ValueNode } from 'graphql';
import { textProblem } from './common/text-guard.js';

/** The field a value sits in, as errors name it: an argument, or a dotted path into it ("input." left out). */
function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function argumentPath(name: string): string {
  return name === 'input' ? '' : name;
}

/**
 * The first text anywhere in the operation's arguments (literals and the variables they use) that no field accepts:
 * NUL and other control characters, lone surrogates, line breaks in one-line fields, bidi overrides in names (see
 * common/text-guard.ts). Runs before any resolver, on HTTP and graphql-ws alike, so such text never reaches SQL.
 */
export function findBadText(document: DocumentNode, variables: Record<string, unknown> | null | undefined): Array<{ field: string; message: string }> | null {
  const problems: Array<{ field: string; message: string }> = [];
  // Every bad field at once (as the services report theirs), up to a sane number.
  let found = false;
  const vars = variables ?? {};
  const defaults = new Map<string, ValueNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION) for (const v of def.variableDefinitions ?? []) if (v.defaultValue) defaults.set(v.variable.name.value, v.defaultValue);
  }

  const checkString = (value: string, field: string) => {
    if (found) return;
    const message = textProblem(value, field || 'input');
    if (message && !problems.some((p) => p.field === (field || 'input'))) problems.push({ field: field || 'input', message });
    found = problems.length >= 20;
  };
  const walkJs = (value: unknown, field: string, depth = 0): void => {
    if (found || depth > 20) return;
    if (typeof value === 'string') checkString(value, field);
    else if (Array.isArray(value)) for (const item of value) walkJs(item, field, depth + 1);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walkJs(v, join(field, k), depth + 1);
  };
  const walkNode = (node: ValueNode, field: string): void => {
    if (found) return;
    switch (node.kind) {
      case Kind.STRING:
        return checkString(node.value, field);
      case Kind.LIST:
        for (const v of node.values) walkNode(v, field);
        return;
      case Kind.OBJECT:
        for (const f of node.fields) walkNode(f.value, join(field, f.name.value));
        return;
      case Kind.VARIABLE: {
        const name = node.name.value;
        if (name in vars) walkJs(vars[name], field);
        else {
          const fallback = defaults.get(name);
          if (fallback) walkNode(fallback, field);
        }
        return;
      }
      default:
        return;
    }
  };
  visit(document, {
    Argument(node) {
      if (!found) walkNode(node.value, argumentPath(node.name.value));
    },
  });
  return problems.length ? problems : null;
}

/** The error for refused text: BAD_USER_INPUT naming the field, as a resolver's own check would answer. */
export function badTextError(problems: Array<{ field: string; message: string }>): GraphQLError {
  const [first] = problems;
  return new GraphQLError(first.message, { extensions: { code: 'BAD_USER_INPUT', field: first.field, fields: problems, http: { status: 200 } } });
}

/**
 * Apollo plugin for HTTP: refuses bad text before execution, and refuses subscriptions (served over graphql-ws only:
 * over HTTP their resolvers would run without a socket to deliver to).
 */
export function inputGuardPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          if (rc.operation?.operation === 'subscription') {
            throw new GraphQLError('Subscriptions are served over graphql-ws (a WebSocket to /graphql), not over HTTP.', {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          }
          const problem = findBadText(rc.document, rc.request.variables);
          if (problem) throw badTextError(problem);
        },
      };
    },
  };
}
