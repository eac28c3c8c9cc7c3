import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
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

/** The operation's complexity with its variables, or an error when it is over the limit (null when it fits). */
export function complexityError(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined | null,
  max: number,
): GraphQLError | null {
  let complexity: number;
  try {
    complexity = getComplexity({ schema, query: document, variables: variables ?? {}, operationName: operationName ?? undefined, estimators });
  } catch {
    return null; // bad variables or an unknown operation: graphql-js reports those itself
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
