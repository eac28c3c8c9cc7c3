import { createHash } from 'node:crypto';
import {
  defaultFieldResolver,
  getNamedType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { VIEWER_SCOPE_KEY as KEY, type ViewerScope } from '../../common/viewer-scope.js';

function scopeOf(type: GraphQLObjectType | { getFields(): Record<string, GraphQLField<unknown, unknown>> }, field: string): ViewerScope | undefined {
  return type.getFields()[field]?.extensions?.[KEY] as ViewerScope | undefined;
}

/** The scope of a field as selected on `parent`, or on one of its interfaces (RoomEvent.seq selected on MessageAdded). */
function fieldScope(parent: ReturnType<TypeInfo['getParentType']>, field: string): ViewerScope | undefined {
  if (!parent || (!isObjectType(parent) && !isInterfaceType(parent))) return undefined;
  const own = scopeOf(parent, field);
  if (own) return own;
  for (const i of parent.getInterfaces()) {
    const inherited = scopeOf(i, field);
    if (inherited) return inherited;
  }
  return undefined;
}

export interface DocumentView {
  hash: string;
  /** 'role': shared by every viewer with the same role; 'viewer': only by one viewer's own subscriptions. */
  sharing: 'role' | 'viewer';
  /** Variables that only say where a subscriber resumes (roomEvents' afterSeq): not part of the sharing key. */
  resumeVariables: ReadonlySet<string>;
}

/** The subscription root fields whose events are shared, and their resume argument. */
const SHARED_ROOTS: Record<string, string> = { roomEvents: 'afterSeq' };

/** What a subscription document needs to be shared: its hash, how widely, and which variables do not matter. */
export class DocumentAnalyzer {
  private readonly views = new WeakMap<DocumentNode, DocumentView | null>();

  constructor(private readonly schema: GraphQLSchema) {}

  /** Null for documents that are not shared (not a roomEvents subscription). */
  analyze(document: DocumentNode): DocumentView | null {
    if (this.views.has(document)) return this.views.get(document)!;
    const state: { sharing: DocumentView['sharing']; root: string | null } = { sharing: 'role', root: null };
    const resume = new Set<string>();
    const used = new Set<string>();
    const typeInfo = new TypeInfo(this.schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        VariableDefinition: () => false,
        FragmentDefinition: () => undefined,
        Argument(node) {
          const field = typeInfo.getParentType()?.name === 'Subscription' ? state.root : null;
          if (field && SHARED_ROOTS[field] === node.name.value && node.value.kind === 'Variable') {
            resume.add(node.value.name.value);
            return false;
          }
          return undefined;
        },
        Variable(node) {
          used.add(node.name.value);
        },
        Field(node) {
          const parent = typeInfo.getParentType();
          const name = node.name.value;
          if (!parent || name === '__typename') return;
          if (parent.name === 'Subscription') {
            state.root = state.root === null && name in SHARED_ROOTS ? name : '';
            return;
          }
          const scope = fieldScope(parent, name);
          const leaf = isLeafType(getNamedType(typeInfo.getType()));
          if (scope === 'independent' || (scope === 'per-viewer' && leaf)) return;
          state.sharing = 'viewer';
        },
      }),
    );
    for (const v of used) resume.delete(v);
    const view: DocumentView | null = state.root
      ? { hash: createHash('sha1').update(print(document)).digest('base64url'), sharing: state.sharing, resumeVariables: resume }
      : null;
    this.views.set(document, view);
    return view;
  }
}

/** One occurrence of a per-viewer leaf in a shared result: where it is and how to resolve it again. */
export interface OverlayRecord {
  path: ReadonlyArray<string | number>;
  source: unknown;
  args: Record<string, unknown>;
  info: GraphQLResolveInfo;
  resolve: GraphQLFieldResolver<unknown, unknown>;
}

/** The records of the shared execution running with a given context. */
const recorders = new WeakMap<object, OverlayRecord[]>();

/** Makes the per-viewer fields of an execution with `ctx` record where they occur, into `records`. */
export function recordOverlays(ctx: object, records: OverlayRecord[]): void {
  recorders.set(ctx, records);
}

const wrapped = new WeakSet<GraphQLSchema>();

/**
 * Wraps the resolver of every `@PerViewer()` field once per schema: while a shared execution runs (its context has
 * a recorder), each occurrence is recorded with its parent object; the value for the first subscriber is resolved
 * as usual. Outside shared executions (HTTP, other subscriptions) the wrapper only forwards.
 */
export function installOverlayRecorders(schema: GraphQLSchema) {
  if (wrapped.has(schema)) return;
  wrapped.add(schema);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.extensions?.[KEY] !== 'per-viewer') continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx, info) => {
        const records = recorders.get(ctx as object);
        if (records) {
          const path: Array<string | number> = [];
          for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) path.unshift(p.key);
          records.push({ path, source, args, info, resolve });
        }
        return resolve(source, args, ctx, info);
      };
    }
  }
}
