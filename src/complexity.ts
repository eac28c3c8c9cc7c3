import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type GraphQLSchema, type TypeNode } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from './common/connection.js';

/**
 * A page of N costs N times its selection: `first`/`last` count whether written inline or passed as variables
 * (the static cost rule only sees inline values). An unpaged connection counts as a default page.
 */
const pageEstimator: ComplexityEstimator = ({ args, childComplexity, field }) => {
  const size = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : undefined;
  if (size !== undefined) return 1 + childComplexity * Math.max(1, size);
  if (/Connection!?$/.test(String(field.type))) return 1 + childComplexity * DEFAULT_PAGE_SIZE;
  return undefined;
};

const estimators = [pageEstimator, simpleEstimator({ defaultComplexity: 1 })];

/**
 * Complexity by document (parsed once per text by Apollo's document store and graphql-ws) and operation name, for
 * operations whose variables cannot change it: only Int variables (page sizes) and Boolean ones (@include/@skip)
 * can, so a send or a subscription with ID/String/input variables is costed once, not on every request.
 */
const variableFree = new WeakMap<DocumentNode, Map<string, number>>();

function dependsOnVariables(document: DocumentNode, operationName: string | undefined | null): boolean {
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION || (operationName && def.name?.value !== operationName)) continue;
    for (const v of def.variableDefinitions ?? []) {
      let type: TypeNode = v.type;
      while (type.kind !== Kind.NAMED_TYPE) type = type.type;
      if (type.name.value === 'Int' || type.name.value === 'Boolean') return true;
    }
  }
  return false;
}

/** The operation's complexity with its variables, or an error when it is over the limit (null when it fits). */
export function complexityError(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined | null,
  max: number,
): GraphQLError | null {
  const cached = variableFree.get(document)?.get(operationName ?? '');
  let complexity: number;
  if (cached !== undefined) complexity = cached;
  else {
    try {
      complexity = getComplexity({ schema, query: document, variables: variables ?? {}, operationName: operationName ?? undefined, estimators });
    } catch {
      return null; // bad variables or an unknown operation: graphql-js reports those itself
    }
    if (!dependsOnVariables(document, operationName)) {
      let byName = variableFree.get(document);
      if (!byName) variableFree.set(document, (byName = new Map()));
      if (byName.size < 16) byName.set(operationName ?? '', complexity);
    }
  }
  if (complexity <= max) return null;
  return new GraphQLError(`Operation is too expensive: complexity ${complexity} exceeds ${max}. Ask for smaller pages or fewer nested connections.`, {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', complexity, maxComplexity: max, http: { status: 400 } },
  });
}

/** Apollo plugin: refuses over-complex operations once their variables are known. */
export function complexityPlugin(max: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const error = complexityError(schema, document, request.variables, request.operationName, max);
          if (error) throw error;
        },
      };
    },
  };
}
